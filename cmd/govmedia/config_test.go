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
	if cfg.HTTPAddr != ":8080" || cfg.StepDays != 3 || !strings.HasSuffix(cfg.DataDir, "/data") {
		t.Fatalf("defaults %+v", cfg)
	}
}
