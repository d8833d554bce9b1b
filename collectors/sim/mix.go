package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// DefaultMix is the fleet `vcdiag sim --sites` starts without
// --scenario-mix: mostly healthy sites, some with two CPEs, and a few
// distinct failures, one per rung family (IKE, IPsec, GRE, BGP, routes).
// Every platform has a form of each.
const DefaultMix = "healthy=70,healthy-two-cpe=10,ike-no-response=4,ipsec-one-way=4,gre-wrong-destination=4,bgp-md5-mismatch=4,routes-missing-backup=4"

// maxWeight keeps sites × weight far from overflowing in Counts.
const maxWeight = 1_000_000

// MixEntry is one scenario of a fleet and its relative weight.
type MixEntry struct {
	Scenario string
	Weight   int
}

// Mix is how a fleet's sites divide among scenarios, by weight.
type Mix []MixEntry

// ParseMix reads "healthy=90,ike-no-response=5,...": scenario names the
// platform's dialect has ("" is IOS-XE), each with a positive integer
// weight, each once. The weights need not add up to 100. An error quotes
// the bad entry first, so that it reads on after a flag name
// ("--scenario-mix \"healthy=x\": the weight ...").
func ParseMix(s, platform string) (Mix, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("is empty: give NAME=WEIGHT,... (e.g. %s)", DefaultMix)
	}
	if err := checkPlatform(platform); err != nil {
		return nil, err
	}
	var m Mix
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, fmt.Errorf("%q: entry %d is empty", s, i+1)
		}
		name, weight, ok := strings.Cut(part, "=")
		name, weight = strings.TrimSpace(name), strings.TrimSpace(weight)
		if !ok || name == "" {
			return nil, fmt.Errorf("%q: not NAME=WEIGHT (e.g. healthy=90)", part)
		}
		w, err := strconv.Atoi(weight)
		if err != nil || w <= 0 || w > maxWeight {
			return nil, fmt.Errorf("%q: the weight %q is not a whole number from 1 to %d", part, weight, maxWeight)
		}
		if _, err := ScenarioFor(name, platform); err != nil {
			return nil, fmt.Errorf("%q: %w (known: %s)", part, err,
				strings.Join(ScenarioNames(platform), ", "))
		}
		if slices.ContainsFunc(m, func(e MixEntry) bool { return e.Scenario == name }) {
			return nil, fmt.Errorf("%q: %s is given twice", part, name)
		}
		m = append(m, MixEntry{Scenario: name, Weight: w})
	}
	return m, nil
}

// String writes the mix as ParseMix reads it.
func (m Mix) String() string {
	parts := make([]string, len(m))
	for i, e := range m {
		parts[i] = e.Scenario + "=" + strconv.Itoa(e.Weight)
	}
	return strings.Join(parts, ",")
}

// Counts divides n sites among the mix's scenarios in proportion to their
// weights, by largest remainder (Hamilton's method): each scenario gets
// the whole part of its quota, and the sites left over go to the largest
// fractional parts, earlier entries first on a tie. The counts add up to
// n and follow the mix's order.
func (m Mix) Counts(n int) []int {
	counts := make([]int, len(m))
	total := 0
	for _, e := range m {
		total += e.Weight
	}
	if n <= 0 || total <= 0 {
		return counts
	}
	rem := make([]int, len(m)) // fractional parts, in units of 1/total
	given := 0
	for i, e := range m {
		q := n * e.Weight
		counts[i], rem[i] = q/total, q%total
		given += counts[i]
	}
	order := make([]int, len(m))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rem[b] - rem[a] })
	for _, i := range order[:n-given] {
		counts[i]++
	}
	return counts
}

// checkPlatform refuses a platform the simulator has no dialect for.
func checkPlatform(platform string) error {
	if platform != "" && !slices.Contains(Platforms, platform) {
		return fmt.Errorf("no simulated platform %q (known: %s)", platform, strings.Join(Platforms, ", "))
	}
	return nil
}
