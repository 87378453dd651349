package web

import (
	"net/http"
	"net/netip"
	"testing"
	"time"
)

// TestIdleClientsAreForgottenAndMemoryIsBounded: past MaxClients new
// clients share one allowance instead of growing the map, and clients idle
// for IdleAfter are dropped.
func TestIdleClientsAreForgottenAndMemoryIsBounded(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	c := newClients(ClientLimit{PerSecond: 1, Burst: 1}, Guard{MaxClients: 100, IdleAfter: time.Minute, Now: func() time.Time { return now }})
	for i := range 1000 {
		c.take(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}))
		now = now.Add(time.Millisecond)
	}
	if n := c.remembered(); n != 100 {
		t.Fatalf("after 1000 clients %d are remembered, want the cap of 100", n)
	}
	if ok, _ := c.take(netip.MustParseAddr("192.0.2.1")); ok {
		t.Errorf("a new client past the cap was served from the spent shared allowance")
	}
	now = now.Add(2 * time.Minute)
	c.take(netip.MustParseAddr("192.0.2.2"))
	if n := c.remembered(); n != 1 {
		t.Fatalf("after every client was idle for 2 minutes %d are remembered, want only the newest", n)
	}
}

func TestClientAddrBelievesOnlyTrustedProxies(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	cases := []struct {
		remote, forwarded, want string
	}{
		{"192.0.2.7:4000", "", "192.0.2.7"},
		{"192.0.2.7:4000", "198.51.100.1", "192.0.2.7"},                  // not a proxy: its header is ignored
		{"10.1.1.1:4000", "198.51.100.1", "198.51.100.1"},                // a proxy names its peer
		{"10.1.1.1:4000", "203.0.113.9, 198.51.100.1", "198.51.100.1"},   // what the client wrote to the left is not believed
		{"10.1.1.1:4000", "198.51.100.1, 10.2.2.2", "198.51.100.1"},      // a chain of proxies
		{"10.1.1.1:4000", "garbage, 10.2.2.2", "10.2.2.2"},               // a bad hop: the nearest proxy
		{"10.1.1.1:4000", "", "10.1.1.1"},                                // a proxy with no header
		{"[2001:db8:1:2:3:4:5:6]:4000", "", "2001:db8:1:2::"},            // IPv6: the /64
		{"[2001:db8:ffff::1]:4000", "2001:db8:7:8::9", "2001:db8:7:8::"}, // an IPv6 proxy
		{"[::ffff:192.0.2.7]:4000", "", "192.0.2.7"},                     // IPv4 mapped
	}
	for i, c := range cases {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.forwarded != "" {
			r.Header.Set("X-Forwarded-For", c.forwarded)
		}
		if got := clientAddr(r, proxies); got.String() != c.want {
			t.Errorf("case %d (%s, %q): client %s, want %s", i, c.remote, c.forwarded, got, c.want)
		}
	}
}

func TestRetryAfterRoundsUp(t *testing.T) {
	for d, want := range map[time.Duration]int{time.Millisecond: 1, time.Second: 1, 1500 * time.Millisecond: 2} {
		if got := retryAfter(d); got != want {
			t.Errorf("retryAfter(%v) = %d, want %d", d, got, want)
		}
	}
}
