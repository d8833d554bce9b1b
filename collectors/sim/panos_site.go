package sim

// panosDialect is a PANOS CPE. STUB: filled in by the panos dialect work.
func panosDialect() *dialect {
	return &dialect{
		title:         "PANOS",
		serverVersion: "SSH-2.0-OpenSSH_7.4",
		prompt:        func(c *cli) string { return c.user + "@" + c.srv.cpe + "> " },
		handle:        (*cli).shellLine,
		render:        func(*renderer, string) (string, error) { return "", ErrInvalidInput },
		convert:       func(s *Site) *Site { s.Platform = PlatformPANOS; return s },
		noForm:        map[string]string{},
	}
}
