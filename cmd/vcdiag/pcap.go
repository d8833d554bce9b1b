package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/collectors/capture"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

type pcapOptions struct {
	profilePath string
	limits      inputLimits
	report      reportOptions
}

func newPcapCommand(s streams) *cobra.Command {
	o := pcapOptions{limits: newInputLimits()}
	cmd := &cobra.Command{
		Use:   "pcap FILE...",
		Short: "Read IKE, NAT-T, ESP and GRE from packet captures",
		Long: `pcap reads pcap or pcapng files (tcpdump, Wireshark, a router's monitor
capture exported as pcap) and says what the wire shows, in the ladder's terms:
IKE_SA_INIT never answered, NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD and the DH
group the peer wants, IKEv1 from the CPE, NAT-T, ESP per SPI and direction
(one-way flows, sequence gaps), Cisco GRE keepalives sent and reflected.

IKE_AUTH and everything inside ESP are encrypted: a capture can only show the
pattern (IKE_AUTH answered, then no ESP) and vcdiag says "likely" there.

Without --profile it prints what it found per peer; with --profile it walks
the ladder for the profile's tunnels on the capture alone (checks that need
show output are unknown). To combine a capture with show output, use
'vcdiag analyze --pcap FILE'.`,
		Example: `  vcdiag pcap cpe1-wan.pcap
  vcdiag pcap --profile acme.yaml cpe1-wan.pcapng
  vcdiag pcap --profile acme.yaml --format json capture-*.pcap`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := o.check(c); err != nil {
				return err
			}
			return runPcap(s, o, args)
		},
	}
	cmd.Flags().StringVarP(&o.profilePath, "profile", "p", "", "site profile (optional): judge the capture per tunnel, in ladder terms")
	o.limits.addCaptureFlags(cmd.Flags())
	o.report.addFlags(cmd)
	return cmd
}

// pcapSummaryFormats are what pcap writes without a profile: there is no
// ladder to render, only the packets.
var pcapSummaryFormats = []string{"json", "text"}

// check settles the format before any capture is read: without --profile
// only text and JSON exist.
func (o *pcapOptions) check(cmd *cobra.Command) error {
	if o.profilePath == "" {
		if err := checkFormat(cmd, "report", &o.report.format, o.report.output, pcapSummaryFormats); err != nil {
			return usageError("%v (without --profile, pcap writes only the packet summary)", err)
		}
		return checkSkip(&o.report.skip)
	}
	return o.report.check(cmd)
}

func runPcap(s streams, o pcapOptions, files []string) error {
	if o.profilePath == "" {
		pk, readErr := capture.ReadFiles(files, capture.Options{Limits: o.limits.capture})
		if pk == nil {
			return &exitError{code: exitUnknown, err: readErr}
		}
		if readErr != nil {
			// What was read before the damage is kept and shown.
			pk.Notes = append(pk.Notes, readErr.Error())
			fmt.Fprintf(s.err, "vcdiag: %s (the packets read before it are used)\n", textsafe.String(readErr.Error()))
		}
		return writePacketSummary(s, o.report, pk, readErr)
	}
	p, err := pipeline.LoadProfile(o.profilePath)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	po := pipelineOptions(p, o.report.skip, time.Now)
	po.Pcaps, po.CaptureLimits = files, o.limits.capture
	out, err := pipeline.Run(context.Background(), po)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	for _, n := range out.Evidence.Notes {
		if strings.Contains(n, "frame") || strings.Contains(n, "capture") || strings.Contains(n, "pcap") {
			fmt.Fprintf(s.err, "vcdiag: %s\n", textsafe.String(n))
		}
	}
	return o.report.write(s, out.Report)
}

// writePacketSummary prints the capture evidence without a profile: the
// text summary, or the evidence itself as JSON.
func writePacketSummary(s streams, o reportOptions, pk *evidence.Packets, readErr error) error {
	w, closeFn, err := writeTo(s, o.output)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	switch o.format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(pk)
	case "text":
		_, err = fmt.Fprint(w, capture.Summary(pk))
	default:
		err = fmt.Errorf("without --profile, pcap writes text or json (not %q)", o.format)
	}
	if cerr := closeFn(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if readErr != nil || pk.ErrorTotal() > 0 && pk.Decoded == 0 {
		return &exitError{code: exitUnknown, err: errors.New("the capture could not be fully read")}
	}
	return nil
}
