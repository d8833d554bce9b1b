package sim

// junosDialect is a Junos CPE. STUB: filled in by the junos dialect work.
func junosDialect() *dialect {
	return &dialect{
		title:         "Junos",
		serverVersion: "SSH-2.0-OpenSSH_7.4",
		prompt:        func(c *cli) string { return c.user + "@" + c.srv.cpe + "> " },
		handle:        (*cli).shellLine,
		render:        func(*renderer, string) (string, error) { return "", ErrInvalidInput },
		convert:       func(s *Site) *Site { s.Platform = PlatformJunos; return s },
		noForm:        map[string]string{},
	}
}
