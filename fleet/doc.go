// Package fleet runs the ladder on every site of an inventory at once:
// each CPE collected over its own session, under one limit on the
// sessions open across the fleet and a deadline per site, so that one dead
// site never delays the others beyond its own deadline.
//
// Data flows as everywhere else in vcdiag: profile.Inventory ->
// pipeline.Run per site -> checks.Report per site -> checks.Fleet (the
// rollup, worst sites first) -> reports' fleet renderers. Shard picks the
// sites one replica of `vcdiag watch --inventory --shard i/n` looks after.
package fleet
