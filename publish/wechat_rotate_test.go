package publish_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/publish"
	"govmedia/publish/wechattest"
)

// rotate runs RotateKey in its own transaction.
func (e *wxEnv) rotate(old, next *govmedia.SecretBox) (int, error) {
	var n int
	err := e.db.RunInTx(e.ctx, nil, func(ctx context.Context, tx bun.Tx) (err error) {
		n, err = publish.RotateKey(ctx, tx, old, next)
		return err
	})
	return n, err
}

// application inserts a pending account application proposing phone.
func (e *wxEnv) application(phone string) int64 {
	e.t.Helper()
	var member, id int64
	err := e.db.NewRaw(`INSERT INTO members (telegram_user_id, org_code, role, created_at)
		VALUES (?, 'city', 'operator', now()) RETURNING id`, appSeq.Add(1)).Scan(e.ctx, &member)
	if err != nil {
		e.t.Fatal(err)
	}
	payload, _ := json.Marshal(map[string]any{"fields": map[string]any{
		"name": "新账号", "phone_sealed": e.box.SealString("account.phone", phone)}})
	err = e.db.NewRaw(`INSERT INTO applications (subject_kind, action, applicant_id, applicant_org, payload, state, created_at, updated_at)
		VALUES ('account', 'open', ?, 'city', ?, 'pending', now(), now()) RETURNING id`, member, string(payload)).Scan(e.ctx, &id)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// phones opens every sealed phone (accounts, then applications) with box.
func (e *wxEnv) phones(box *govmedia.SecretBox) ([]string, error) {
	var sealed [][]byte
	if err := e.db.NewRaw("SELECT phone_sealed FROM accounts WHERE phone_sealed IS NOT NULL ORDER BY id").Scan(e.ctx, &sealed); err != nil {
		return nil, err
	}
	var encoded []string
	if err := e.db.NewRaw("SELECT payload->'fields'->>'phone_sealed' FROM applications ORDER BY id").Scan(e.ctx, &encoded); err != nil {
		return nil, err
	}
	for _, s := range encoded {
		raw, _ := base64.StdEncoding.DecodeString(s)
		sealed = append(sealed, raw)
	}
	var out []string
	for _, s := range sealed {
		p, err := box.OpenString("account.phone", s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func TestRotateKeyResealsEverythingAndRetiresTheOldKey(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	a := e.account("昆明发布", "13800000001")
	b := e.account("五华发布", "13800000002")
	b.EncodingAESKey = "" // plain-mode callback: nothing sealed in that column
	if err := publish.StoreWeChatCredentials(e.ctx, e.db, e.box, b, govmedia.Now()); err != nil {
		t.Fatal(err)
	}
	e.application("13800000003")
	if _, err := e.client(a).AccessToken(e.ctx); err != nil { // a cached token, sealed
		t.Fatal(err)
	}
	old, next := e.box, newBox(t)

	n, err := e.rotate(old, next)
	if err != nil {
		t.Fatalf("RotateKey: %v", err)
	}
	if want := 4 + 3 + 3; n != want {
		t.Fatalf("RotateKey re-sealed %d values, want %d (7 credentials, 3 phones)", n, want)
	}
	for _, c := range []publish.WeChatCredentials{a, b} {
		got, err := publish.LoadWeChatCredentials(e.ctx, e.db, next, c.AccountID)
		if err != nil || got != c {
			t.Fatalf("credentials of account %d under the new key: %v, %v", c.AccountID, got, err)
		}
		if _, err := publish.LoadWeChatCredentials(e.ctx, e.db, old, c.AccountID); err == nil || !errors.Is(err, govmedia.ErrWrongKey) {
			t.Fatalf("the old key still opens account %d's credentials (err %v)", c.AccountID, err)
		}
	}
	if got, err := e.phones(next); err != nil || len(got) != 3 || got[0] != "13800000001" || got[2] != "13800000003" {
		t.Fatalf("phones under the new key: %v, %v", got, err)
	}
	if _, err := e.phones(old); !errors.Is(err, govmedia.ErrWrongKey) {
		t.Fatalf("the old key still opens a phone (err %v)", err)
	}
	var keys []string
	_ = e.db.NewRaw("SELECT fingerprint FROM secret_keys").Scan(e.ctx, &keys)
	if len(keys) != 1 || keys[0] != next.Fingerprint() {
		t.Fatalf("secret_keys = %v, want only the new key %s", keys, next.Fingerprint())
	}
	var cached int
	_ = e.db.NewRaw("SELECT count(*) FROM wechat_cache").Scan(e.ctx, &cached)
	if cached != 0 {
		t.Fatalf("%d cache entries sealed under the old key survived", cached)
	}
	if n, err := e.rotate(old, next); err != nil || n != 0 {
		t.Fatalf("rotating again = %d, %v; want nothing left to re-seal", n, err)
	}
}

func TestRotateKeyChangesNothingWhenAValueDoesNotOpen(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	a := e.account("盘龙发布", "13800000001")
	stranger := newBox(t)
	if _, err := e.db.ExecContext(e.ctx, "UPDATE accounts SET phone_sealed = ? WHERE id = ?",
		stranger.SealString("account.phone", "13900000000"), e.insertAccount("外来账号", "weibo", "")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rotate(e.box, newBox(t)); err == nil {
		t.Fatal("RotateKey succeeded although a phone was sealed under a third key")
	}
	if got, err := publish.LoadWeChatCredentials(e.ctx, e.db, e.box, a.AccountID); err != nil || got != a {
		t.Fatalf("after the failed rotation the old key no longer opens the credentials: %v", err)
	}
	if _, err := e.rotate(e.box, e.box); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("rotating to the same key: %v, want EINVALID", err)
	}
}
