package reports

import (
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/checks"
)

// This file lays out the topology picture at the top of the HTML report:
// the CPE(s) on the left, one box per DC on the right, and each tunnel as a
// line between them coloured, dashed and labelled by its status. Positions
// are computed here so the template only draws.

// Picture geometry, in SVG user units (the SVG scales to the page width).
const (
	topoWidth  = 1000
	topoTop    = 44  // room for the column captions
	topoRow    = 120 // vertical space per DC row
	boxW       = 200
	boxH       = 64
	cpeX       = 20
	dcX        = topoWidth - 20 - boxW
	curveWidth = 150 // horizontal run of the S-curve leaving the CPE
)

type topology struct {
	Width, Height int
	Title         string // text alternative for screen readers
	CPEs, DCs     []topoBox
	Links         []topoLink
}

type topoBox struct {
	X, Y, W, H int
	Name, Sub  string
	NameY      int
	SubY       int
	CX         int // centre, for the text
}

type topoLink struct {
	Path          string // SVG path data
	Status        checks.Status
	Name, Verdict string // above and below the line
	LabelX        int
	NameY         int
	VerdictY      int
}

// newTopology places one box per distinct DC (in tunnel order) and per
// distinct CPE. One CPE sits level with the middle of the DC column; two
// or more are spread over the same rows as the DCs.
func newTopology(tunnels []checks.TunnelReport) topology {
	var cpes, dcs []string
	for _, t := range tunnels {
		cpes = appendNew(cpes, orText(t.CPE, "CPE"))
		dcs = appendNew(dcs, orText(dcLabel(t.DC), "DC ?"))
	}
	rows := max(len(dcs), len(cpes), 1)
	tp := topology{Width: topoWidth, Height: topoTop + rows*topoRow}
	rowY := func(i, n int) int { // centre of box i of n, spread over the rows
		span := rows * topoRow
		return topoTop + span*(2*i+1)/(2*n)
	}
	cpeY := map[string]int{}
	for i, c := range cpes {
		y := rowY(i, len(cpes))
		cpeY[c] = y
		tp.CPEs = append(tp.CPEs, newBox(cpeX, y, c, "customer router (CPE)"))
	}
	dcY := map[string]int{}
	for i, d := range dcs {
		y := rowY(i, len(dcs))
		dcY[d] = y
		tp.DCs = append(tp.DCs, newBox(dcX, y, d, "Webex Calling DI"))
	}
	// Tunnels sharing a DC box enter it a little apart, so none hides another.
	perDC := map[string]int{}
	var titles []string
	for _, t := range tunnels {
		c, d := orText(t.CPE, "CPE"), orText(dcLabel(t.DC), "DC ?")
		y1, y2 := cpeY[c], dcY[d]+perDC[d]*14
		perDC[d]++
		tp.Links = append(tp.Links, newLink(t, y1, y2))
		titles = append(titles, t.Name+" from "+c+" to "+d+": "+linkVerdict(t))
	}
	tp.Title = "Topology: " + strings.Join(titles, "; ")
	return tp
}

func newBox(x, cy int, name, sub string) topoBox {
	return topoBox{X: x, Y: cy - boxH/2, W: boxW, H: boxH, Name: name, Sub: sub,
		NameY: cy - 4, SubY: cy + 16, CX: x + boxW/2}
}

func newLink(t checks.TunnelReport, y1, y2 int) topoLink {
	x1, x2 := cpeX+boxW, dcX
	xm := x1 + curveWidth
	path := "M" + xy(x1, y1) + " C" + xy(x1+curveWidth/2, y1) + " " + xy(x1+curveWidth/2, y2) + " " + xy(xm, y2) + " L" + xy(x2, y2)
	name := t.Name
	if t.Interface != "" && !strings.EqualFold(t.Interface, t.Name) {
		name += " · " + t.Interface
	}
	return topoLink{Path: path, Status: t.Status, Name: name, Verdict: statusSymbol(t.Status) + " " + linkVerdict(t),
		LabelX: (xm + x2) / 2, NameY: y2 - 10, VerdictY: y2 + 22}
}

// linkVerdict names what the line stands for: "pass", the root cause, or
// the first check in the ladder carrying the tunnel's own status.
func linkVerdict(t checks.TunnelReport) string {
	word := statusWord(t.Status)
	if t.RootCause != nil {
		return word + ": " + t.RootCause.Check
	}
	if t.Status == checks.Pass || t.Status == checks.Skip {
		return word
	}
	if _, ok := notCollected(t); ok {
		return word + ": not collected"
	}
	for _, s := range t.Stages {
		for _, res := range s.Checks {
			if res.Status == t.Status {
				return word + ": " + res.ID
			}
		}
	}
	return word
}

func xy(x, y int) string { return strconv.Itoa(x) + "," + strconv.Itoa(y) }

func appendNew(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
