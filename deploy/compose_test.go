package deploy

import (
	"encoding/base64"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// composeFile is the part of a compose file the tests read.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string                       `yaml:"image"`
	Build       *composeBuild                `yaml:"build"`
	Command     []string                     `yaml:"command"`
	Environment map[string]string            `yaml:"environment"`
	EnvFile     any                          `yaml:"env_file"`
	Ports       []composePort                `yaml:"ports"`
	Volumes     []string                     `yaml:"volumes"`
	DependsOn   map[string]map[string]string `yaml:"depends_on"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

type composeBuild struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

// composePort is a published port, from the short syntax
// ("127.0.0.1:9090:9090") or the long one.
type composePort struct {
	HostIP    string `yaml:"host_ip"`
	Published string `yaml:"published"`
	Target    string `yaml:"target"`
}

func (p *composePort) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		type long composePort
		return n.Decode((*long)(p))
	}
	parts := strings.Split(strings.TrimSuffix(n.Value, "/tcp"), ":")
	switch len(parts) {
	case 1:
		p.Target = parts[0]
	case 2:
		p.Published, p.Target = parts[0], parts[1]
	default:
		p.HostIP, p.Published, p.Target = strings.Join(parts[:len(parts)-2], ":"), parts[len(parts)-2], parts[len(parts)-1]
	}
	return nil
}

func loadCompose(t *testing.T) composeFile {
	t.Helper()
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return c
}

// ours returns the services that run the image built from the Dockerfile.
func (c composeFile) ours(t *testing.T) map[string]composeService {
	t.Helper()
	out := map[string]composeService{}
	for name, s := range c.Services {
		if s.Build == nil {
			continue
		}
		if got := filepath.Clean(filepath.Join(s.Build.Context, s.Build.Dockerfile)); got != repoFile("Dockerfile") {
			t.Errorf("service %s builds %s, want the repository's Dockerfile", name, got)
		}
		out[name] = s
	}
	if len(out) == 0 {
		t.Fatal("compose.yaml builds no service from the Dockerfile")
	}
	return out
}

// The services built from the Dockerfile set only variables the service
// reads (cmd/govmedia/config.go) and the README documents.
func TestComposeSetsOnlyDocumentedConfiguration(t *testing.T) {
	c := loadCompose(t)
	reads, err := envReads(repoFile())
	if err != nil {
		t.Fatal(err)
	}
	config := readsIn(reads, "cmd/govmedia/config.go")
	table := readmeVariables(t)
	for name, s := range c.ours(t) {
		if s.EnvFile != nil {
			t.Errorf("service %s takes an env_file: its variables cannot be checked here; use ${…} from deploy/.env", name)
		}
		for _, v := range sortedKeys(s.Environment) {
			if !config[v] {
				t.Errorf("service %s sets %s, which cmd/govmedia/config.go does not read", name, v)
			}
			if _, ok := table[v]; !ok {
				t.Errorf("service %s sets %s, which README.md's configuration table does not name", name, v)
			}
		}
	}
}

// secretVariables hold secrets, in the service's environment or the
// database's.
var secretVariables = []string{"GOVMEDIA_SECRET_KEY", "GOVMEDIA_TELEGRAM_TOKEN", "POSTGRES_PASSWORD"}

// interpolation is a value that is only a ${NAME} taken from deploy/.env,
// with an error message or an empty default.
var interpolation = regexp.MustCompile(`^\$\{[A-Z][A-Z0-9_]*(:?\?[^}]*|:?-)?\}$`)

func TestComposeHoldsNoLiteralSecret(t *testing.T) {
	c := loadCompose(t)
	userinfo := regexp.MustCompile(`^postgres(?:ql)?://[^:@/]+(?::([^@]*))?@`)
	for name, s := range c.Services {
		for v, value := range s.Environment {
			switch {
			case slices.Contains(secretVariables, v) && !interpolation.MatchString(value):
				t.Errorf("service %s: %s is written in the file; want ${%s…} from deploy/.env", name, v, v)
			case v == "DATABASE_URL":
				m := userinfo.FindStringSubmatch(value)
				if m == nil || !interpolation.MatchString(m[1]) {
					t.Errorf("service %s: DATABASE_URL's password is written in the file: want it as ${POSTGRES_PASSWORD…}", name)
				}
			}
			if looksLikeKey(value) {
				t.Errorf("service %s: %s holds what looks like a secret key", name, v)
			}
		}
	}
	example, err := os.ReadFile("env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(example), "\n") {
		name, value, ok := strings.Cut(line, "=")
		if ok && !strings.HasPrefix(line, "#") && slices.Contains(secretVariables, name) && value != "" {
			t.Errorf("env.example fills in %s: it must leave every secret empty", name)
		}
	}
	for _, ignore := range []string{".gitignore", ".dockerignore"} {
		raw, err := os.ReadFile(repoFile(ignore))
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`(?m)^/?deploy/\.env$`).Match(raw) {
			t.Errorf("%s does not keep out deploy/.env, the file of secrets compose reads", ignore)
		}
	}
}

// looksLikeKey reports whether v is a 32-byte base64 value, the shape of
// GOVMEDIA_SECRET_KEY.
func looksLikeKey(v string) bool {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
	return err == nil && len(raw) == 32
}

func TestComposeRunsMigrateBeforeServeOnPostgres15(t *testing.T) {
	c := loadCompose(t)
	db, dbName := c.database(t)
	if !strings.HasPrefix(db.Image, "postgres:15") {
		t.Errorf("the database runs %s: want PostgreSQL 15 (postgres:15…)", db.Image)
	}
	if db.Healthcheck == nil || !slices.Contains(db.Healthcheck.Test, "pg_isready") {
		t.Errorf("the database's healthcheck is not pg_isready")
	}
	named := false
	for _, v := range db.Volumes {
		src, dst, _ := strings.Cut(v, ":")
		_, declared := c.Volumes[src]
		named = named || (declared && strings.HasPrefix(dst, "/var/lib/postgresql/data"))
	}
	if !named {
		t.Errorf("the database's data is not on a named volume (volumes: %v)", db.Volumes)
	}
	var migrate, serve string
	for name, s := range c.ours(t) {
		switch {
		case slices.Equal(s.Command, []string{"migrate"}):
			migrate = name
			if s.DependsOn[dbName]["condition"] != "service_healthy" {
				t.Errorf("%s does not wait for the database to be healthy", name)
			}
		case slices.Equal(s.Command, []string{"serve"}):
			serve = name
		}
	}
	if migrate == "" || serve == "" {
		t.Fatalf("want a one-shot service running migrate and one running serve; have %v", c.Services)
	}
	if c.Services[serve].DependsOn[migrate]["condition"] != "service_completed_successfully" {
		t.Errorf("%s does not wait for %s to complete successfully", serve, migrate)
	}
	checkPorts(t, c.Services[serve])
}

// database is the service running the PostgreSQL image.
func (c composeFile) database(t *testing.T) (composeService, string) {
	t.Helper()
	for name, s := range c.Services {
		if strings.HasPrefix(s.Image, "postgres:") {
			return s, name
		}
	}
	t.Fatal("compose.yaml runs no postgres image")
	return composeService{}, ""
}

// checkPorts checks that the serving service publishes the image's HTTP
// port, and its metrics port on the host's loopback only.
func checkPorts(t *testing.T, s composeService) {
	t.Helper()
	env, err := loadDockerfile(t).final.env()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range s.Environment {
		env[k] = v
	}
	_, httpPort, _ := net.SplitHostPort(env["GOVMEDIA_HTTP_ADDR"])
	_, metricsPort, _ := net.SplitHostPort(env["GOVMEDIA_METRICS_ADDR"])
	published := map[string]composePort{}
	for _, p := range s.Ports {
		published[p.Target] = p
	}
	if p, ok := published[httpPort]; !ok || p.Published == "" {
		t.Errorf("the HTTP port %s is not published (ports: %v)", httpPort, s.Ports)
	}
	p, ok := published[metricsPort]
	if !ok {
		t.Errorf("the metrics port %s is not published (ports: %v)", metricsPort, s.Ports)
	} else if ip := net.ParseIP(p.HostIP); ip == nil || !ip.IsLoopback() {
		t.Errorf("the metrics port is published on %q: want the host's loopback (127.0.0.1:…)", p.HostIP)
	}
}
