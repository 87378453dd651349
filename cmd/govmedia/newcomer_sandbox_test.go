package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govmedia/bot/telegramtest"
	"govmedia/registry"
)

// TestTheSandboxStartsTwiceFromAClosedHome runs `govmedia sandbox` from a
// clone inside a home of mode 0700, as root (this machine's case, where
// PostgreSQL must run as another user, who cannot enter the home) and as
// an ordinary user: it starts, chats, prints how to point the CLI at its
// data (and those commands work, without a secret in the log), and a
// second start finds the chat and the data of the first.
func TestTheSandboxStartsTwiceFromAClosedHome(t *testing.T) {
	t.Run("as this process's user", func(t *testing.T) { sandboxTwice(t, newNewcomer(t, nil)) })
	t.Run("as an ordinary user", func(t *testing.T) {
		who := ordinaryUser(t)
		if who == nil {
			t.Skip("this process is an ordinary user: the case above")
		}
		sandboxTwice(t, newNewcomer(t, who))
	})
}

func sandboxTwice(t *testing.T, n *newcomer) {
	first := n.start("/sandbox/identities", "sandbox")
	before := n.chatWithTheBot(sbOperator, "/start")
	n.runPrintedCommands(first)
	first.stop()

	second := n.start("/sandbox/identities", "sandbox")
	after := n.chat(sbOperator)
	if len(after.Messages) < len(before.Messages) || asJSONText(after.Messages[:len(before.Messages)]) != asJSONText(before.Messages) {
		t.Fatalf("王芳's chat after the second start:\n%s\nwant it to begin with the first start's:\n%s", asJSONText(after.Messages), asJSONText(before.Messages))
	}
	n.runPrintedCommands(second)
	if n.cred == nil && os.Geteuid() == 0 {
		note := filepath.Join(n.work, "data", "sandbox", "postgres.location")
		raw, err := os.ReadFile(note)
		folder := strings.TrimSpace(string(raw))
		if err != nil || !strings.Contains(first.logs.String(), folder) || !strings.Contains(second.logs.String(), "cluster="+folder+"/postgres") {
			t.Fatalf("run as root from a closed home, the cluster is not in one folder of its own named in %s (%v) and in both logs:\n%s\n%s", note, err, first.logs, second.logs)
		}
	}
	second.stop()
}

// chatWithTheBot sends text as user in their private chat and waits for
// the bot's answer; it returns the chat.
func (n *newcomer) chatWithTheBot(user int64, text string) telegramtest.ChatView {
	n.t.Helper()
	var sent telegramtest.Message
	n.postJSON("/_sandbox/chats/"+itoa(user)+"/messages", map[string]any{"from": user, "text": text}, &sent)
	deadline := time.Now().Add(30 * time.Second)
	for {
		v := n.chat(user)
		for _, b := range v.Messages {
			if b.FromBot && b.MessageID > sent.MessageID {
				return v
			}
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("the bot never answered %q: %s", text, asJSONText(v.Messages))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// chat is what the user's private chat shows.
func (n *newcomer) chat(user int64) telegramtest.ChatView {
	n.t.Helper()
	var v telegramtest.ChatView
	if err := json.Unmarshal([]byte(n.get("/_sandbox/chats/"+itoa(user))), &v); err != nil {
		n.t.Fatal(err)
	}
	return v
}

// runPrintedCommands runs the commands the sandbox printed at start for
// the CLI and for other PostgreSQL clients: each exports the register.
// Neither the key nor the database password is in the log.
func (n *newcomer) runPrintedCommands(p *process) {
	n.t.Helper()
	logs := p.logs.String()
	for _, prefix := range []string{"  GOVMEDIA_DATA_DIR=", "  DATABASE_URL="} {
		line := ""
		for _, l := range strings.Split(logs, "\n") {
			if strings.HasPrefix(l, prefix) {
				line = l
			}
		}
		if line == "" {
			n.t.Fatalf("the sandbox printed no line starting %q:\n%s", prefix, logs)
		}
		if out := n.run("sh", "-c", line); !strings.Contains(out, "五华发布") {
			n.t.Fatalf("%s\nprinted %s, without the seeded account 五华发布", line, out)
		}
	}
	for _, secret := range n.sandboxSecrets() {
		if strings.Contains(logs, secret) {
			n.t.Fatalf("a secret of the sandbox (%.6s…) is in its log:\n%s", secret, logs)
		}
	}
}

// sandboxSecrets are the sandbox's key and its database's password.
func (n *newcomer) sandboxSecrets() []string {
	n.t.Helper()
	data := filepath.Join(n.work, "data", "sandbox")
	pw := filepath.Join(data, "postgres.password")
	if raw, err := os.ReadFile(filepath.Join(data, "postgres.location")); err == nil {
		pw = filepath.Join(strings.TrimSpace(string(raw)), "postgres.password")
	}
	var out []string
	for _, f := range []string{filepath.Join(data, "secret.key"), pw} {
		raw, err := os.ReadFile(f)
		if err != nil || len(strings.TrimSpace(string(raw))) < 16 {
			n.t.Fatalf("the sandbox's secret %s: %v %q", f, err, raw)
		}
		out = append(out, strings.TrimSpace(string(raw)))
	}
	return out
}

// TestServeStartsTwiceFromAClosedHome runs `govmedia serve` with its
// private database from a clone inside a home of mode 0700, as root and as
// an ordinary user; an org tree imported while it runs is there when it
// runs again.
func TestServeStartsTwiceFromAClosedHome(t *testing.T) {
	t.Run("as this process's user", func(t *testing.T) { serveTwice(t, newNewcomer(t, nil)) })
	t.Run("as an ordinary user", func(t *testing.T) {
		who := ordinaryUser(t)
		if who == nil {
			t.Skip("this process is an ordinary user: the case above")
		}
		serveTwice(t, newNewcomer(t, who))
	})
}

func serveTwice(t *testing.T, n *newcomer) {
	orgs := filepath.Join(n.work, "orgs.csv")
	if err := os.WriteFile(orgs, registry.SampleOrgs(), 0o644); err != nil {
		t.Fatal(err)
	}
	first := n.start("/healthz", "serve")
	n.run(n.bin, "orgs", "import", "orgs.csv")
	first.stop()
	second := n.start("/healthz", "serve")
	if out := n.run(n.bin, "orgs", "list"); !strings.Contains(out, "五华区华山街道办事处") {
		t.Fatalf("orgs list while serve runs the second time:\n%s\nwant the tree imported during the first", out)
	}
	second.stop()
}

// postJSON posts v to the running service and decodes the answer into out.
func (n *newcomer) postJSON(path string, v, out any) {
	n.t.Helper()
	body, _ := json.Marshal(v)
	resp, err := httpPost(n.addr()+path, body)
	if err != nil {
		n.t.Fatal(err)
	}
	if err := json.Unmarshal(resp, out); err != nil {
		n.t.Fatalf("POST %s: %v: %s", path, err, resp)
	}
}

func asJSONText(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}
