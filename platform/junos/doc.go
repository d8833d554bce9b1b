// Package junos is the juniper_junos platform: Juniper SRX and vSRX CPEs
// terminating the Virtual Connect IKEv2 tunnels. It plans the show
// commands that give the ladder's facts, allows only read-only commands,
// recognises and canonicalises command lines, reads outputs (parsed by
// platform/junos/parse) into the platform-neutral facts of package
// evidence, and redacts secrets.
//
// It must not judge (checks/ does), do I/O (collectors/ do) or send
// anything Allowed refuses. Facts Junos outputs cannot show stay unknown.
package junos
