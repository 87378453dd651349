package deploy

import (
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The final stage is the image: it must run nothing through a shell (it
// has none), run as a numeric non-root user, and hold what the binary
// reads.
func TestDockerfileImageRunsUnprivilegedWithoutShell(t *testing.T) {
	d := loadDockerfile(t)
	f := d.final
	if base := f.image; base != "scratch" && !strings.Contains(base, "distroless") {
		t.Errorf("the image is based on %s: want scratch (or a distroless base), which has no shell", base)
	}
	for _, in := range f.body {
		switch in.cmd {
		case "RUN", "SHELL", "ONBUILD", "ADD":
			t.Errorf("Dockerfile:%d: %s in the final stage (it has no shell, and takes files by COPY --from only)", in.line, in.cmd)
		case "CMD", "ENTRYPOINT":
			if _, err := execForm(in.args); err != nil {
				t.Errorf("Dockerfile:%d: %s %s: want the exec form, a JSON array (%v)", in.line, in.cmd, in.args, err)
			}
		case "HEALTHCHECK":
			if !strings.EqualFold(strings.TrimSpace(in.args), "NONE") {
				t.Errorf("Dockerfile:%d: HEALTHCHECK %s: the image has no shell or curl to run it", in.line, in.args)
			}
		case "COPY":
			if in.flag("from") == "" {
				t.Errorf("Dockerfile:%d: COPY without --from puts the build context in the image", in.line)
			}
		}
	}
	uid, gid := imageUser(t, f)
	if uid == 0 || gid == 0 {
		t.Errorf("the image runs as %d:%d: want a non-root user and group", uid, gid)
	}
}

// imageUser is the final stage's last USER, which must be numeric (the
// image has no user database to look a name up in).
func imageUser(t *testing.T, f stage) (uid, gid uint32) {
	t.Helper()
	users := f.all("USER")
	if len(users) == 0 {
		t.Fatal("the final stage sets no USER: the image would run as root")
	}
	last := users[len(users)-1]
	u, g, _ := strings.Cut(strings.TrimSpace(last.args), ":")
	if g == "" {
		g = u
	}
	nu, err1 := strconv.ParseUint(u, 10, 32)
	ng, err2 := strconv.ParseUint(g, 10, 32)
	if err1 != nil || err2 != nil {
		t.Fatalf("Dockerfile:%d: USER %s: want a numeric UID[:GID]", last.line, last.args)
	}
	return uint32(nu), uint32(ng)
}

func execForm(args string) ([]string, error) {
	var words []string
	err := json.Unmarshal([]byte(args), &words)
	return words, err
}

// copies maps each path the final stage copies a file to, to the stage and
// path it comes from ("build:/out/govmedia").
func copies(t *testing.T, f stage) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, in := range f.all("COPY") {
		words := strings.Fields(in.args)
		if len(words) != 2 {
			t.Fatalf("Dockerfile:%d: COPY %s: want one source and one destination", in.line, in.args)
		}
		out[words[1]] = in.flag("from") + ":" + words[0]
	}
	return out
}

func TestDockerfileImageHoldsWhatTheBinaryReads(t *testing.T) {
	d := loadDockerfile(t)
	b, err := d.buildLine()
	if err != nil {
		t.Fatal(err)
	}
	got := copies(t, d.final)
	entry := d.final.all("ENTRYPOINT")
	if len(entry) == 0 {
		t.Fatal("the final stage has no ENTRYPOINT")
	}
	words, _ := execForm(entry[len(entry)-1].args)
	if len(words) == 0 || got[words[0]] != d.build.name+":"+b.output {
		t.Errorf("ENTRYPOINT %v: want the binary that %s builds to %s, copied from that stage (copies: %v)", words, d.build.name, b.output, got)
	}
	if _, ok := got["/etc/ssl/certs/ca-certificates.crt"]; !ok {
		t.Error("the image holds no CA bundle at /etc/ssl/certs/ca-certificates.crt: HTTPS to Telegram and WeChat would fail")
	}
	if _, ok := got["/usr/share/zoneinfo/Asia/Shanghai"]; !ok && !strings.Contains(strings.Join(b.args, " "), "timetzdata") {
		t.Error("the image holds no zone data for Asia/Shanghai, and the binary embeds none (-tags timetzdata)")
	}
	env, err := d.final.env()
	if err != nil {
		t.Fatal(err)
	}
	if !hasChartFont(t, got, env) {
		t.Errorf("the image holds no font where oversight/font.go looks, nor one GOVMEDIA_FONT names (copies: %v)", got)
	}
	checkExposed(t, d.final, env)
	checkTmp(t, d.final)
}

// checkTmp checks that the image's user may write to /tmp (the empty base
// has none, and large spreadsheets are unpacked there).
func checkTmp(t *testing.T, f stage) {
	t.Helper()
	uid, gid := imageUser(t, f)
	want := fmt.Sprintf("%d:%d", uid, gid)
	for _, in := range f.all("COPY") {
		if words := strings.Fields(in.args); len(words) == 2 && words[1] == "/tmp" && in.flag("chown") == want {
			return
		}
	}
	t.Errorf("the final stage gives the image's user %s no /tmp of its own (COPY --chown=%s … /tmp)", want, want)
}

// hasChartFont reports whether the image holds the bulletin chart's font:
// at a path oversight/font.go looks at, or where GOVMEDIA_FONT points.
func hasChartFont(t *testing.T, copied, env map[string]string) bool {
	t.Helper()
	src, err := os.ReadFile(repoFile("oversight", "font.go"))
	if err != nil {
		t.Fatal(err)
	}
	for dest := range copied {
		if strings.HasSuffix(dest, ".ttc") || strings.HasSuffix(dest, ".ttf") || strings.HasSuffix(dest, ".otf") {
			if env["GOVMEDIA_FONT"] == dest || strings.Contains(string(src), `"`+dest+`"`) {
				return true
			}
		}
	}
	return false
}

// checkExposed checks that the image exposes the ports its HTTP and
// metrics addresses listen on, and that metrics do not listen on the
// container's loopback, where nothing outside it could scrape them.
func checkExposed(t *testing.T, f stage, env map[string]string) {
	t.Helper()
	exposed := map[string]bool{}
	for _, in := range f.all("EXPOSE") {
		for _, p := range strings.Fields(in.args) {
			exposed[strings.TrimSuffix(p, "/tcp")] = true
		}
	}
	for _, name := range []string{"GOVMEDIA_HTTP_ADDR", "GOVMEDIA_METRICS_ADDR"} {
		host, port, err := net.SplitHostPort(env[name])
		if err != nil {
			t.Errorf("the image sets %s=%q: want host:port (%v)", name, env[name], err)
			continue
		}
		if !exposed[port] {
			t.Errorf("%s listens on port %s, which the image does not EXPOSE (it exposes %v)", name, port, exposed)
		}
		if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
			t.Errorf("%s=%s: the container's loopback cannot be reached from outside it", name, env[name])
		}
	}
}

func TestDockerfileBuildsStaticBinary(t *testing.T) {
	d := loadDockerfile(t)
	b, err := d.buildLine()
	if err != nil {
		t.Fatal(err)
	}
	checkBuilder(t, d.build, b)
	path := builtBinary(t)
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("the binary is not an ELF file: %v", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary has a %v program header: it is linked dynamically and needs a C library the image lacks", p.Type)
		}
	}
	if f.Section(".dynamic") != nil || f.Section(".interp") != nil {
		t.Error("the binary has a .dynamic or .interp section: it is not statically linked")
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		t.Errorf("the binary was built with CGO_ENABLED=%q, -trimpath=%q: want 0 and true", settings["CGO_ENABLED"], settings["-trimpath"])
	}
}

// checkBuilder checks the build stage: the Go of go.mod, and a build line
// that makes a static, path-free binary of the command.
func checkBuilder(t *testing.T, s stage, b goBuild) {
	t.Helper()
	mod, err := os.ReadFile(repoFile("go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if want == nil || !strings.HasPrefix(s.image, "golang:"+string(want[1])) {
		t.Errorf("the build stage is FROM %s: want golang:%s…, the Go of go.mod", s.image, want[1])
	}
	if b.env["CGO_ENABLED"] != "0" {
		t.Errorf("the build runs with CGO_ENABLED=%q: want 0, a static binary", b.env["CGO_ENABLED"])
	}
	line := " " + strings.Join(b.args, " ") + " "
	for _, w := range []string{" -trimpath ", " ./cmd/govmedia "} {
		if !strings.Contains(line, w) {
			t.Errorf("the build line %q lacks %q", line, strings.TrimSpace(w))
		}
	}
}
