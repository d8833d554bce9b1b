package sim

// fortiosDialect is a FortiOS CPE. STUB: filled in by the fortios dialect work.
func fortiosDialect() *dialect {
	return &dialect{
		title:         "FortiOS",
		serverVersion: "SSH-2.0-OpenSSH_7.4",
		prompt:        func(c *cli) string { return c.user + "@" + c.srv.cpe + "> " },
		handle:        (*cli).shellLine,
		render:        func(*renderer, string) (string, error) { return "", ErrInvalidInput },
		convert:       func(s *Site) *Site { s.Platform = PlatformFortiOS; return s },
		noForm:        map[string]string{},
	}
}
