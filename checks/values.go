package checks

// Names of Result.Values: the measurements behind a verdict, as numbers,
// for metrics, diff and dashboards. Each is set by the check named in its
// comment when that check could read it.
const (
	ValueIKESAUp            = "ike_sa_up"                       // ikev2.sa-ready: 1 established, 0 not
	ValueIKESAAge           = "ike_sa_age_seconds"              // ikev2.sa-ready, ikev2.not-bouncing
	ValueEncapsDelta        = "ipsec_encaps_packets"            // ipsec.counters-rising: packets between samples
	ValueDecapsDelta        = "ipsec_decaps_packets"            // ipsec.counters-rising
	ValueEncapsRate         = "ipsec_encaps_packets_per_second" // ipsec.counters-rising (samples with times)
	ValueDecapsRate         = "ipsec_decaps_packets_per_second" // ipsec.counters-rising
	ValueIPsecErrors        = "ipsec_errors"                    // ipsec.errors: error counters' total
	ValueGREInDelta         = "gre_input_packets"               // gre.counters-rising
	ValueGREOutDelta        = "gre_output_packets"              // gre.counters-rising
	ValueTunnelLoad         = "tunnel_load_bps"                 // gre.line-protocol: max(in, out) rate
	ValuePingLoss           = "tunnel_ping_loss_ratio"          // ping.tunnel-ip
	ValuePingRTT            = "tunnel_ping_rtt_seconds"         // ping.tunnel-ip: average
	ValueBGPEstablished     = "bgp_session_established"         // bgp.established: 1 or 0
	ValuePrefixesReceived   = "bgp_prefixes_received"           // bgp.established
	ValuePrefixesSent       = "bgp_prefixes_advertised"         // bgp.established
	ValueBGPUp              = "bgp_session_up_seconds"          // bgp.stable
	ValuePrefixesKept       = "bgp_prefixes_kept"               // routes.received, routes.backup-24
	ValuePrefixesAdvertised = "bgp_prefixes_advertised_listed"  // routes.advertised-default-only
	ValueMSS                = "tcp_mss"                         // mtu.adjust-mss (0: not adjusted)
	ValueIPMTU              = "ip_mtu_bytes"                    // mtu.ip-mtu
	ValueLargestDF          = "path_mtu_largest_df_bytes"       // mtu.path
	ValueClaimedMTU         = "path_mtu_claimed_bytes"          // mtu.path
	ValueSiteLoad           = "site_load_bps"                   // site.capacity: both tunnels
	ValueSiteLimit          = "site_limit_bps"                  // site.capacity
)
