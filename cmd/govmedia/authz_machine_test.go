package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// machineRow is a row of testdata/authorisation_machine.tsv.
type machineRow struct{ kind, route, path, anonymous, credential string }

func readMachineMatrix(t *testing.T) []machineRow {
	t.Helper()
	f, err := os.Open("../../testdata/authorisation_machine.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []machineRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "kind\t") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 5 {
			t.Fatalf("authorisation_machine.tsv: %q has %d cells, want 5", line, len(c))
		}
		rows = append(rows, machineRow{c[0], c[1], c[2], c[3], c[4]})
	}
	return rows
}

const matrixKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// TestAuthorisationMatrixMachine tries every HTTP route anonymously and
// with its credential against a running service (webhook mode, one
// WeChat account), and every state-changing command of the command line
// with the wrong secret key; it compares what was served with the design
// in testdata/authorisation_machine.tsv and prints what it saw.
func TestAuthorisationMatrixMachine(t *testing.T) {
	rows := readMachineMatrix(t)
	checkMachineRowsCoverCommands(t, rows)
	url := setupCLI(t)
	appID := matrixWeChatAccount(t, url)
	tg := telegramtest.Start(t, telegramtest.Options{})
	addr := freeAddr(t)
	routes := startMatrixService(t, tg, addr)
	var seen strings.Builder
	for _, r := range rows {
		if r.kind != "http" {
			continue
		}
		anon, cred := r.httpCells(t, addr, appID, tg)
		if !slices.Contains(routes, r.route) && requestStatus(t, http.MethodGet, "http://"+addr+r.path, nil) == http.StatusNotFound {
			anon = "N" // not mounted on the public address
		}
		fmt.Fprintf(&seen, "%-40s %s %s\n", r.route, anon, cred)
		if anon != r.anonymous || cred != r.credential {
			t.Errorf("%s: seen anonymous %s credential %s, the design says %s %s", r.route, anon, cred, r.anonymous, r.credential)
		}
	}
	checkMachineRowsCoverRoutes(t, rows, routes)
	t.Setenv("GOVMEDIA_SECRET_KEY", "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=") // not the key the secrets are sealed with
	for _, r := range rows {
		if r.kind == "cli" && r.anonymous != "-" {
			got := r.cliCell(t)
			fmt.Fprintf(&seen, "%-40s %s %s\n", r.route, got, r.credential)
			if got != r.anonymous {
				t.Errorf("govmedia %s with the wrong key: seen %s, the design says %s", r.route, got, r.anonymous)
			}
		}
	}
	t.Logf("routes and commands (anonymous, credential):\n%s", seen.String())
}

// matrixWeChatAccount makes an active WeChat account of 五华区教育体育局
// with its credentials stored, and returns its AppID.
func matrixWeChatAccount(t *testing.T, url string) string {
	t.Helper()
	ctx := context.Background()
	k, _ := govmedia.ParseSecretKey(matrixKey)
	box, _ := govmedia.NewSecretBox(k)
	db := openDB(t, url)
	reg := registry.New(db.DB, box, nil)
	f := registrytest.WeChat("五华矩阵公众号")
	f.OriginalID, f.AppID = "gh_00000000a001", "wx00000000000a0001"
	acc, err := reg.CreateAccount(ctx, db, "km.wuhua.dept.edu", f, registry.Active, registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	c := wechat.Credentials{AccountID: acc.ID, AppID: f.AppID, AppSecret: strings.Repeat("cd", 16), Token: "matrixtoken"}
	if err := wechat.StoreCredentials(ctx, db, box, c, govmedia.Now()); err != nil {
		t.Fatal(err)
	}
	return f.AppID
}

// startMatrixService runs serve's services in webhook mode on addr until
// the test ends, and returns the routes its public mux mounted.
func startMatrixService(t *testing.T, tg *telegramtest.Server, addr string) []string {
	t.Helper()
	t.Setenv("GOVMEDIA_HTTP_ADDR", addr)
	t.Setenv("GOVMEDIA_METRICS_ADDR", freeAddr(t))
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	env := &cliEnv{cfg: cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)), out: &logs, err: &logs}
	ctx, cancel := context.WithCancel(context.Background())
	routes, done := make(chan []string, 1), make(chan error, 1)
	go func() {
		done <- withApp(ctx, env, applySchema, func(app *App) error {
			s, err := startServices(ctx, app, bot.Options{Token: tg.Token(), APIURL: tg.URL(), WebhookURL: "http://" + addr + "/telegram/webhook"})
			if err != nil {
				return err
			}
			routes <- s.web.Routes()
			return s.run(ctx, env, s.web)
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case r := <-routes:
		if !waitOK(t, "http://"+addr+"/readyz", nil) {
			t.Fatal("the service never became ready")
		}
		return r
	case err := <-done:
		t.Fatalf("the service did not start: %v", err)
	}
	return nil
}

// httpCells requests the row's path with no credential and, where the
// route asks for one, with it.
func (r machineRow) httpCells(t *testing.T, addr, appID string, tg *telegramtest.Server) (string, string) {
	t.Helper()
	method, _, _ := strings.Cut(r.route, " ")
	if !strings.Contains(r.route, " ") || method == "POST" {
		method = map[bool]string{true: http.MethodPost, false: http.MethodGet}[method == "POST"]
	}
	path := strings.ReplaceAll(r.path, "{appid}", appID)
	anon := servedMark(requestStatus(t, method, "http://"+addr+path, nil))
	switch {
	case strings.HasPrefix(r.route, "/wechat/"):
		return anon, servedMark(requestStatus(t, http.MethodGet, "http://"+addr+signedVerification(path, "matrixtoken"), nil))
	case strings.HasSuffix(r.route, "/telegram/webhook"):
		return anon, webhookServes(t, tg)
	}
	return anon, "-"
}

// signedVerification is WeChat's URL verification of path, signed as
// its documents say: sha1 over the sorted token, timestamp and nonce.
func signedVerification(path, token string) string {
	ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), "matrixnonce"
	parts := []string{token, ts, nonce}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return fmt.Sprintf("%s?signature=%s&timestamp=%s&nonce=%s&echostr=matrixecho", path, hex.EncodeToString(sum[:]), ts, nonce)
}

// webhookServes has a stand-in user write to the bot, which the stand-in
// delivers to the webhook with its secret token: Y once the bot answers.
func webhookServes(t *testing.T, tg *telegramtest.Server) string {
	t.Helper()
	tg.AddUser(telegramtest.User{ID: 4242, FirstName: "路人", LanguageCode: "zh-hans"})
	if _, err := tg.SendText(4242, 4242, "/start"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := tg.WaitFor(ctx, 4242, func(msgs []telegramtest.Bubble) bool {
		return slices.ContainsFunc(msgs, func(b telegramtest.Bubble) bool { return b.FromBot })
	})
	if err != nil {
		return "N"
	}
	return "Y"
}

func requestStatus(t *testing.T, method, url string, body io.Reader) int {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// servedMark is Y for any answer but a refusal (401, 403) or a route
// that is not there (404 on an exact path; /metrics).
func servedMark(status int) string {
	if status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusMethodNotAllowed {
		return "N"
	}
	return "Y"
}

// cliCell runs the command with the row's arguments (files made in a
// folder of the test's) and reports N when it was refused for the key.
func (r machineRow) cliCell(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "orgs.csv"), registry.SampleOrgs(), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "cover.jpg"), []byte("\xff\xd8\xff\xe0not really"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "words.csv"), []byte("类型,词语\n屏蔽词,矩阵屏蔽\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "pub.json"), []byte(`{"title": "测试", "body": "正文"}`), 0o644)
	args := strings.Fields(r.route)
	if r.path != "-" {
		for _, a := range strings.Fields(r.path) {
			if strings.Contains(a, ".") && !strings.Contains(a, "km.") && !strings.HasSuffix(a, "=") {
				a = filepath.Join(dir, a)
			}
			args = append(args, a)
		}
	}
	code, _, errOut := cli(t, args...)
	if code != 0 && strings.Contains(errOut, "not the key the stored secrets are sealed with") {
		return "N"
	}
	t.Logf("govmedia %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	return "Y"
}

// checkMachineRowsCoverCommands fails for a command of the command line
// without a row.
func checkMachineRowsCoverCommands(t *testing.T, rows []machineRow) {
	t.Helper()
	for name := range commands {
		if !slices.ContainsFunc(rows, func(r machineRow) bool { return r.kind == "cli" && r.route == name }) {
			t.Errorf("authorisation_machine.tsv has no row for the command %q", name)
		}
	}
}

// checkMachineRowsCoverRoutes fails for a route the service mounted
// without a row.
func checkMachineRowsCoverRoutes(t *testing.T, rows []machineRow, routes []string) {
	t.Helper()
	for _, route := range routes {
		if !slices.ContainsFunc(rows, func(r machineRow) bool { return r.kind == "http" && r.route == route }) {
			t.Errorf("authorisation_machine.tsv has no row for the route %q", route)
		}
	}
}
