package iosxe

import (
	"errors"

	"github.com/vcdiag/vcdiag/parsers"
)

// STUB: replaced by the crypto parsers (ikev2.go, ipsec.go, session.go).

func ParseIKEv2SA(out string) ([]parsers.IKEv2SA, error)             { return nil, errors.New("todo") }
func ParseIPsecSA(out string) ([]parsers.IPsecFlow, error)           { return nil, errors.New("todo") }
func ParseCryptoSession(out string) ([]parsers.CryptoSession, error) { return nil, errors.New("todo") }
