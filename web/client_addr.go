package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is who sent r: the peer, or, when the peer is a trusted
// proxy, the nearest address in X-Forwarded-For that is not one (a client
// can write anything to the left of what the proxies add). An IPv6 client
// is its /64, which one subscriber usually holds whole.
func clientAddr(r *http.Request, proxies []netip.Prefix) netip.Addr {
	peer := peerAddr(r.RemoteAddr)
	if !trusted(peer, proxies) {
		return clientKey(peer)
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if hop = hop.Unmap(); !trusted(hop, proxies) {
			return clientKey(hop)
		}
		peer = hop
	}
	return clientKey(peer)
}

func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.IPv4Unspecified()
	}
	return a.Unmap()
}

func trusted(a netip.Addr, proxies []netip.Prefix) bool {
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func clientKey(a netip.Addr) netip.Addr {
	if a.Is6() {
		return netip.PrefixFrom(a.WithZone(""), 64).Masked().Addr()
	}
	return a
}
