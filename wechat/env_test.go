package wechat_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"govmedia"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// wxEnv is a migrated database with a city org, a stand-in WeChat API that
// silenceper is pointed at, and a secret box. Tests using it set process-wide
// state (silenceper's client and URI modifier) and must not run in parallel.
type wxEnv struct {
	t   *testing.T
	ctx context.Context
	url string
	db  *postgres.DB
	key []byte // the key box started with
	box *govmedia.SecretBox
	wx  *wechattest.Server
}

func newWxEnv(t *testing.T, opts wechattest.Options) *wxEnv {
	t.Helper()
	e := &wxEnv{t: t, ctx: context.Background(), url: pgtest.NewDatabaseURL(t), key: newKey(t)}
	e.box, _ = govmedia.NewSecretBox(e.key)
	e.db = e.open(8)
	if opts.PublishDelay == 0 {
		opts.PublishDelay = 10 * time.Millisecond
	}
	if opts.MassSendDelay == 0 {
		opts.MassSendDelay = 10 * time.Millisecond
	}
	e.wx = wechattest.New(opts)
	configure(t, e.wx.Start(t), 3*time.Second)
	_, err := e.db.ExecContext(e.ctx, `INSERT INTO orgs (code, kind, level, name, created_at, updated_at)
		VALUES ('city', 'government', 'city', '昆明市', now(), now())`)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// configure points silenceper at base with timeout, and back at the real
// API (no rewrite) when the test ends.
func configure(t *testing.T, base string, timeout time.Duration) {
	t.Helper()
	if err := wechat.Configure(base, timeout); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
}

func newBox(t testing.TB) *govmedia.SecretBox {
	t.Helper()
	raw := govmedia.NewSecretKey()
	remember(raw)
	key, _ := govmedia.ParseSecretKey(raw)
	box, err := govmedia.NewSecretBox(key)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

var appSeq atomic.Int64

// newCredentials makes well-formed random credentials for accountID.
func newCredentials(accountID int64) wechat.Credentials {
	c := wechat.Credentials{
		AccountID:      accountID,
		AppID:          fmt.Sprintf("wx%016x", 0xa0000000+appSeq.Add(1)),
		AppSecret:      randomHex(16),
		Token:          "tok" + randomHex(8),
		EncodingAESKey: strings.TrimRight(base64.StdEncoding.EncodeToString(randomBytes(32)), "="),
	}
	remember(c.AppSecret, c.Token, c.EncodingAESKey)
	return c
}

// account inserts a WeChat official account holding phone, registers it on
// the stand-in (verified service account unless edit says otherwise) and
// stores its credentials.
func (e *wxEnv) account(name, phone string, edit ...func(*wechattest.Account)) wechat.Credentials {
	e.t.Helper()
	id := e.insertAccount(name, "wechat_oa", phone)
	c := newCredentials(id)
	a := wechattest.Account{AppID: c.AppID, Secret: c.AppSecret, Kind: wechattest.Service, Verified: true,
		Followers: []string{"o-citizen-1", "o-citizen-2"}}
	for _, f := range edit {
		f(&a)
	}
	if err := e.wx.AddAccount(a); err != nil {
		e.t.Fatal(err)
	}
	if err := wechat.StoreCredentials(e.ctx, e.db, e.box, c, govmedia.Now()); err != nil {
		e.t.Fatalf("storing credentials: %v", err)
	}
	return c
}

// insertAccount adds an active account row directly and returns its id.
func (e *wxEnv) insertAccount(name, platform, phone string) int64 {
	e.t.Helper()
	kind := any(nil)
	if platform == "wechat_oa" {
		kind = "service"
	}
	var id int64
	err := e.db.NewRaw(`INSERT INTO accounts (platform, wechat_kind, name, host_org, phone_sealed, state, created_at, updated_at)
		VALUES (?, ?, ?, 'city', ?, 'active', now(), now()) RETURNING id`,
		platform, kind, name, e.box.SealString("account.phone", phone)).Scan(e.ctx, &id)
	if err != nil {
		e.t.Fatalf("inserting account %s: %v", name, err)
	}
	return id
}

// open opens another pool on the env's database, as another replica would.
func (e *wxEnv) open(maxConns int32) *postgres.DB {
	e.t.Helper()
	db, err := postgres.Open(e.ctx, e.url, maxConns)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(db.Close)
	return db
}

// client returns the API client of an account from a fresh set of clients
// (as another replica would have).
func (e *wxEnv) client(c wechat.Credentials) *wechat.Client {
	e.t.Helper()
	cl, err := wechat.NewClients(e.db.DB, e.box, nil, nil).For(e.ctx, c.AccountID)
	if err != nil {
		e.t.Fatalf("client of account %d: %v", c.AccountID, err)
	}
	return cl
}

// calls counts the stand-in's calls of appid on path, and those answered
// with errcode (-2 for any).
func (e *wxEnv) calls(appid, path string, errcode int) int {
	n := 0
	for _, c := range e.wx.Calls(appid) {
		if c.Path == path && (errcode == -2 || c.ErrCode == errcode) {
			n++
		}
	}
	return n
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }

// eventually polls cond for up to 5 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
