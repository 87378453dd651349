package main

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"govmedia"
	"govmedia/postgres"
)

// Config is the service's configuration, read once from the environment.
type Config struct {
	DatabaseURL        string            // DATABASE_URL; empty: a private PostgreSQL under DataDir
	DataDir            string            // GOVMEDIA_DATA_DIR
	HTTPAddr           string            // GOVMEDIA_HTTP_ADDR; empty: the command's default (see listenAddr)
	MetricsAddr        string            // GOVMEDIA_METRICS_ADDR: /metrics, apart from the public address
	TrustedProxies     []netip.Prefix    // GOVMEDIA_TRUSTED_PROXIES: whose X-Forwarded-For names the client
	SecretKey          []byte            // GOVMEDIA_SECRET_KEY, 32 bytes
	TelegramToken      string            // GOVMEDIA_TELEGRAM_TOKEN
	TelegramAPIURL     string            // GOVMEDIA_TELEGRAM_API_URL
	TelegramWebhookURL string            // GOVMEDIA_TELEGRAM_WEBHOOK_URL; empty: long polling
	WeChatAPIURL       string            // GOVMEDIA_WECHAT_API_URL
	PublicURL          string            // GOVMEDIA_PUBLIC_URL: where citizens reach the public pages, for links in articles
	StepDays           int               // GOVMEDIA_STEP_DAYS: working days an office has for a step
	Workers            int               // GOVMEDIA_WORKERS: jobs (deliveries, notifications) run at once
	QueueDeadAfter     time.Duration     // GOVMEDIA_QUEUE_DEAD_AFTER (seconds): silence after which a replica's running jobs are resumed by the others
	PublishPollEvery   time.Duration     // GOVMEDIA_PUBLISH_POLL_EVERY (seconds): how often an unfinished publish is checked with WeChat
	Holidays           []string          // GOVMEDIA_HOLIDAYS: weekdays off
	Workdays           []string          // GOVMEDIA_WORKDAYS: weekend days worked (调休)
	Lang               govmedia.Language // the command line's language, from LANG
}

// loadConfig reads and validates the environment; an error names the
// variable that is wrong and why.
func loadConfig() (*Config, error) {
	c := &Config{
		DatabaseURL:        os.Getenv("DATABASE_URL"),
		DataDir:            envOr("GOVMEDIA_DATA_DIR", "./data"),
		HTTPAddr:           strings.TrimSpace(os.Getenv("GOVMEDIA_HTTP_ADDR")),
		MetricsAddr:        envOr("GOVMEDIA_METRICS_ADDR", "127.0.0.1:9090"),
		TelegramToken:      os.Getenv("GOVMEDIA_TELEGRAM_TOKEN"),
		TelegramAPIURL:     envOr("GOVMEDIA_TELEGRAM_API_URL", "https://api.telegram.org"),
		TelegramWebhookURL: os.Getenv("GOVMEDIA_TELEGRAM_WEBHOOK_URL"),
		WeChatAPIURL:       envOr("GOVMEDIA_WECHAT_API_URL", "https://api.weixin.qq.com"),
		PublicURL:          os.Getenv("GOVMEDIA_PUBLIC_URL"),
		StepDays:           3,
		Workers:            postgres.DefaultWorkers,
		Lang:               cliLanguage(),
	}
	for _, check := range []func(*Config) error{checkAddr, checkProxies, checkURLs, checkSecret, checkCalendar, checkTimings} {
		if err := check(c); err != nil {
			return nil, err
		}
	}
	dir, err := filepath.Abs(c.DataDir)
	if err != nil {
		return nil, fmt.Errorf("GOVMEDIA_DATA_DIR: %w", err)
	}
	c.DataDir = dir
	return c, nil
}

func envOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

// The addresses a command serves HTTP on when GOVMEDIA_HTTP_ADDR is unset:
// serve answers the public; the sandbox lets anyone act as anyone, so it
// stays on this machine unless told otherwise.
const (
	serveAddr   = ":8080"
	sandboxAddr = "127.0.0.1:8080"
)

// listenAddr is GOVMEDIA_HTTP_ADDR, or def when it is unset.
func (c *Config) listenAddr(def string) string {
	if c.HTTPAddr != "" {
		return c.HTTPAddr
	}
	return def
}

func checkAddr(c *Config) error {
	for name, v := range map[string]string{"GOVMEDIA_HTTP_ADDR": c.HTTPAddr, "GOVMEDIA_METRICS_ADDR": c.MetricsAddr} {
		if v == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(v); err != nil {
			return govmedia.Errorf(govmedia.EINVALID, "config.addr_invalid", "name", name, "value", v)
		}
	}
	return nil
}

// checkProxies reads GOVMEDIA_TRUSTED_PROXIES: addresses or CIDR ranges,
// separated by commas or spaces.
func checkProxies(c *Config) error {
	for _, v := range strings.FieldsFunc(os.Getenv("GOVMEDIA_TRUSTED_PROXIES"), func(r rune) bool { return r == ',' || r == ' ' }) {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return govmedia.Errorf(govmedia.EINVALID, "config.proxy_invalid", "value", v)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, p.Masked())
	}
	return nil
}

func checkURLs(c *Config) error {
	for name, v := range map[string]string{"GOVMEDIA_TELEGRAM_API_URL": c.TelegramAPIURL, "GOVMEDIA_WECHAT_API_URL": c.WeChatAPIURL, "GOVMEDIA_PUBLIC_URL": c.PublicURL,
		"GOVMEDIA_TELEGRAM_WEBHOOK_URL": c.TelegramWebhookURL} {
		if v == "" {
			continue
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return govmedia.Errorf(govmedia.EINVALID, "config.url_invalid", "name", name, "value", v)
		}
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return govmedia.Errorf(govmedia.EINVALID, "config.database_url_invalid")
	}
	return nil
}

func checkSecret(c *Config) error {
	raw := os.Getenv("GOVMEDIA_SECRET_KEY")
	if raw == "" {
		return nil
	}
	key, err := govmedia.ParseSecretKey(strings.TrimSpace(raw))
	if err != nil {
		return govmedia.Errorf(govmedia.EINVALID, "config.secret_key_invalid")
	}
	c.SecretKey = key
	return nil
}

func checkCalendar(c *Config) error {
	if v := os.Getenv("GOVMEDIA_STEP_DAYS"); v != "" {
		if _, err := fmt.Sscanf(v, "%d", &c.StepDays); err != nil || c.StepDays < 1 || c.StepDays > 30 {
			return govmedia.Errorf(govmedia.EINVALID, "config.step_days_invalid", "value", v)
		}
	}
	if v := os.Getenv("GOVMEDIA_WORKERS"); v != "" {
		if _, err := fmt.Sscanf(v, "%d", &c.Workers); err != nil || c.Workers < 1 || c.Workers > 1000 {
			return govmedia.Errorf(govmedia.EINVALID, "config.workers_invalid", "value", v)
		}
	}
	var err error
	if c.Holidays, err = dates("GOVMEDIA_HOLIDAYS"); err != nil {
		return err
	}
	c.Workdays, err = dates("GOVMEDIA_WORKDAYS")
	return err
}

// dates reads a variable listing days ("2026-10-01,2026-10-02").
func dates(name string) ([]string, error) {
	var out []string
	for _, d := range strings.FieldsFunc(os.Getenv(name), func(r rune) bool { return r == ',' || r == ' ' }) {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return nil, govmedia.Errorf(govmedia.EINVALID, "config.date_invalid", "name", name, "value", d)
		}
		out = append(out, d)
	}
	return out, nil
}

// checkTimings reads the seconds that say how fast the service notices a
// replica gone and a publish finished without its event; unset keeps the
// defaults (postgres.DefaultDeadAfter, publish's 30 s).
func checkTimings(c *Config) error {
	if err := envSeconds("GOVMEDIA_QUEUE_DEAD_AFTER", &c.QueueDeadAfter); err != nil {
		return err
	}
	return envSeconds("GOVMEDIA_PUBLISH_POLL_EVERY", &c.PublishPollEvery)
}

// envSeconds reads a number of seconds (1 to 3,600) into d; unset leaves d.
func envSeconds(name string, d *time.Duration) error {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return nil
	}
	var secs int
	if _, err := fmt.Sscanf(v, "%d", &secs); err != nil || fmt.Sprint(secs) != v || secs < 1 || secs > 3600 {
		return govmedia.Errorf(govmedia.EINVALID, "config.seconds_invalid", "name", name, "value", v)
	}
	*d = time.Duration(secs) * time.Second
	return nil
}
