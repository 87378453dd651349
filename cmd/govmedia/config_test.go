package main

import (
	"strings"
	"testing"
)

func TestConfigErrorsNameTheVariable(t *testing.T) {
	cases := map[string][2]string{
		"GOVMEDIA_HTTP_ADDR":        {"8080", "GOVMEDIA_HTTP_ADDR"},
		"GOVMEDIA_SECRET_KEY":       {"too-short", "GOVMEDIA_SECRET_KEY"},
		"GOVMEDIA_TELEGRAM_API_URL": {"ftp://x", "GOVMEDIA_TELEGRAM_API_URL"},
		"DATABASE_URL":              {"mysql://x", "DATABASE_URL"},
		"GOVMEDIA_STEP_DAYS":        {"0", "GOVMEDIA_STEP_DAYS"},
		"GOVMEDIA_HOLIDAYS":         {"2026-13-01", "GOVMEDIA_HOLIDAYS"},
		"GOVMEDIA_WORKDAYS":         {"10-10", "GOVMEDIA_WORKDAYS"},
		"GOVMEDIA_PUBLIC_URL":       {"gk.km.gov.cn", "GOVMEDIA_PUBLIC_URL"},
		"GOVMEDIA_METRICS_ADDR":     {"9090", "GOVMEDIA_METRICS_ADDR"},
		"GOVMEDIA_TRUSTED_PROXIES":  {"10.0.0.0/8, proxy.local", "GOVMEDIA_TRUSTED_PROXIES"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, c[0])
			_, err := loadConfig()
			if err == nil || !strings.Contains(err.Error(), c[1]) {
				t.Fatalf("%s=%q: got %v, want an error naming %s", name, c[0], err, c[1])
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.listenAddr(serveAddr) != ":8080" || cfg.MetricsAddr != "127.0.0.1:9090" || cfg.StepDays != 3 ||
		!strings.HasSuffix(cfg.DataDir, "/data") || len(cfg.TrustedProxies) != 0 {
		t.Fatalf("defaults %+v", cfg)
	}
}

func TestConfigReadsTrustedProxies(t *testing.T) {
	t.Setenv("GOVMEDIA_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 2001:db8::/32,::ffff:198.51.100.1")
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range cfg.TrustedProxies {
		got = append(got, p.String())
	}
	if want := "10.0.0.0/8 192.0.2.7/32 2001:db8::/32 198.51.100.1/32"; strings.Join(got, " ") != want {
		t.Fatalf("trusted proxies %v, want %s", got, want)
	}
}

// TestSandboxListensOnLoopbackByDefault: the sandbox lets anyone act as
// anyone, so without GOVMEDIA_HTTP_ADDR it binds 127.0.0.1:8080 (serve
// keeps :8080); an address that is set is honoured by both.
func TestSandboxListensOnLoopbackByDefault(t *testing.T) {
	t.Setenv("GOVMEDIA_HTTP_ADDR", "")
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if got := sandboxConfig(cfg).HTTPAddr; got != "127.0.0.1:8080" {
		t.Errorf("the sandbox binds %q by default, want 127.0.0.1:8080", got)
	}
	if got := cfg.listenAddr(serveAddr); got != ":8080" {
		t.Errorf("serve binds %q by default, want :8080", got)
	}
	t.Setenv("GOVMEDIA_HTTP_ADDR", "0.0.0.0:9999")
	if cfg, err = loadConfig(); err != nil {
		t.Fatal(err)
	}
	if got := sandboxConfig(cfg).HTTPAddr; got != "0.0.0.0:9999" {
		t.Errorf("the sandbox binds %q with GOVMEDIA_HTTP_ADDR=0.0.0.0:9999, want it honoured", got)
	}
}
