package deploy

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// dockerfile is the repository's Dockerfile with the parts the tests look
// at: the stage that builds the binary and its build line, and the final
// stage, the image itself.
type dockerfile struct {
	stages []stage
	build  stage       // the stage that runs `go build`
	run    instruction // its RUN with `go build`
	final  stage
}

func loadDockerfile(t *testing.T) dockerfile {
	t.Helper()
	d, err := readDockerfile()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func readDockerfile() (dockerfile, error) {
	stages, err := parseDockerfile(repoFile("Dockerfile"))
	if err != nil {
		return dockerfile{}, fmt.Errorf("reading the Dockerfile: %w", err)
	}
	if len(stages) < 2 {
		return dockerfile{}, fmt.Errorf("the Dockerfile has %d stage(s), want a build stage and a final one", len(stages))
	}
	d := dockerfile{stages: stages, final: stages[len(stages)-1]}
	found := 0
	for _, s := range stages[:len(stages)-1] {
		for _, in := range s.all("RUN") {
			if strings.Contains(in.args, "go build") {
				d.build, d.run = s, in
				found++
			}
		}
	}
	if found != 1 {
		return dockerfile{}, fmt.Errorf("the Dockerfile's stages before the last run `go build` %d times, want once", found)
	}
	return d, nil
}

// goBuild is the Dockerfile's build line taken apart.
type goBuild struct {
	env    map[string]string // the stage's ENV and the line's own assignments
	args   []string          // go build …, from "build"
	output string            // the -o path in the image
}

// buildLine reads the build line; it must be one simple `go build`
// command, so that running its words here runs what the image runs.
func (d dockerfile) buildLine() (goBuild, error) {
	env, err := d.build.env()
	if err != nil {
		return goBuild{}, err
	}
	words, err := shellWords(d.run.args)
	if err != nil {
		return goBuild{}, fmt.Errorf("Dockerfile:%d: %w", d.run.line, err)
	}
	inline, words := assignments(words)
	for k, v := range inline {
		env[k] = v
	}
	if len(words) < 2 || words[0] != "go" || words[1] != "build" {
		return goBuild{}, fmt.Errorf("Dockerfile:%d: want `go build …`, got %q", d.run.line, d.run.args)
	}
	b := goBuild{env: env, args: words[1:]}
	for i, w := range b.args {
		switch {
		case w == "-o" && i+1 < len(b.args):
			b.output = b.args[i+1]
		case strings.HasPrefix(w, "-o="):
			b.output = strings.TrimPrefix(w, "-o=")
		}
	}
	if b.output == "" {
		return goBuild{}, fmt.Errorf("Dockerfile:%d: the build line names no -o output", d.run.line)
	}
	return b, nil
}

// withOutput returns the build's arguments writing the binary to path.
func (b goBuild) withOutput(path string) []string {
	out := slices.Clone(b.args)
	for i, w := range out {
		switch {
		case w == "-o" && i+1 < len(out):
			out[i+1] = path
		case strings.HasPrefix(w, "-o="):
			out[i] = "-o=" + path
		}
	}
	return out
}

var (
	builtOnce sync.Once
	builtDir  string
	builtPath string
	builtErr  error
)

// builtBinary is govmedia built here exactly as the Dockerfile builds it,
// once per test run, in a folder anyone may read (the tests run it as an
// unprivileged user).
func builtBinary(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		d, err := readDockerfile()
		if err != nil {
			builtErr = err
			return
		}
		b, err := d.buildLine()
		if err != nil {
			builtErr = err
			return
		}
		if builtDir, builtErr = os.MkdirTemp("", "govmedia-image-"); builtErr != nil {
			return
		}
		if builtErr = os.Chmod(builtDir, 0o755); builtErr != nil {
			return
		}
		builtPath = filepath.Join(builtDir, "govmedia")
		cmd := exec.Command(goTool(), b.withOutput(builtPath)...)
		cmd.Dir = repoFile()
		cmd.Env = os.Environ()
		for k, v := range b.env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			builtErr = fmt.Errorf("go %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, out)
		}
	})
	if builtErr != nil {
		t.Fatalf("building govmedia as the Dockerfile does: %v", builtErr)
	}
	return builtPath
}

func removeBuilt() {
	if builtDir != "" {
		_ = os.RemoveAll(builtDir)
	}
}

// goTool is the go command of the toolchain running the tests.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}
