package iosxe

import (
	"errors"

	"github.com/vcdiag/vcdiag/parsers"
)

// STUB: replaced by bgp_summary.go, bgp_neighbors.go, bgp_table.go, route.go.

func ParseBGPSummary(out string) (*parsers.BGPSummary, error)     { return nil, errors.New("todo") }
func ParseBGPNeighbors(out string) ([]parsers.BGPNeighbor, error) { return nil, errors.New("todo") }
func ParseBGPTable(out string) (*parsers.BGPTable, error)         { return nil, errors.New("todo") }
func ParseRouteLookup(out string) (*parsers.RouteLookup, error)   { return nil, errors.New("todo") }
func ParseRouteTable(out string) ([]parsers.Route, error)         { return nil, errors.New("todo") }
