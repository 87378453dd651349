package wechat_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/keyring"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/wechat"
)

// newKey returns a fresh secret key, remembered as a secret of the run.
func newKey(t testing.TB) []byte {
	t.Helper()
	raw := govmedia.NewSecretKey()
	remember(raw)
	key, _ := govmedia.ParseSecretKey(raw)
	return key
}

// rotationSteps are the steps `keys rotate` runs over what these tests
// store: the phones of accounts and applications beside this package's
// credentials and tokens.
func rotationSteps() []keyring.Step {
	return append([]keyring.Step{registry.ResealPhones, approvals.ResealApplicationPhones}, wechat.RotationSteps()...)
}

// rotate runs a rotation to next, as `keys rotate` does, with box as the
// rotating process's keyring.
func (e *wxEnv) rotate(box *govmedia.SecretBox, next []byte) (int, error) {
	var n int
	err := e.db.RunInTx(e.ctx, nil, func(ctx context.Context, tx bun.Tx) (err error) {
		n, err = keyring.Rotate(ctx, tx, box, next, rotationSteps()...)
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

// sealedValues returns every sealed value stored: credentials, phones of
// accounts and of applications, cached tokens.
func (e *wxEnv) sealedValues() [][]byte {
	e.t.Helper()
	var out [][]byte
	for _, q := range []string{
		"SELECT app_id_sealed FROM wechat_credentials", "SELECT secret_sealed FROM wechat_credentials",
		"SELECT token_sealed FROM wechat_credentials WHERE token_sealed IS NOT NULL",
		"SELECT aes_key_sealed FROM wechat_credentials WHERE aes_key_sealed IS NOT NULL",
		"SELECT phone_sealed FROM accounts WHERE phone_sealed IS NOT NULL",
		"SELECT decode(payload->'fields'->>'phone_sealed', 'base64') FROM applications",
		"SELECT value FROM wechat_cache WHERE key NOT LIKE 'lease:%'",
	} {
		var got [][]byte
		if err := e.db.NewRaw(q).Scan(e.ctx, &got); err != nil {
			e.t.Fatalf("%s: %v", q, err)
		}
		out = append(out, got...)
	}
	return out
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

func TestRotateKeyResealsEverythingAndFinishRetiresTheOldKey(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	a := e.account("昆明发布", "13800000001")
	b := e.account("五华发布", "13800000002")
	b.EncodingAESKey = "" // plain-mode callback: nothing sealed in that column
	if err := wechat.StoreCredentials(e.ctx, e.db, e.box, b, govmedia.Now()); err != nil {
		t.Fatal(err)
	}
	e.application("13800000003")
	if _, err := e.client(a).AccessToken(e.ctx); err != nil { // a cached token, sealed
		t.Fatal(err)
	}
	next := newKey(t)
	nextOnly, _ := govmedia.NewSecretBox(next)

	n, err := e.rotate(e.box, next)
	if err != nil {
		t.Fatalf("rotate: %v", err)
	}
	if want := 4 + 3 + 3; n != want {
		t.Fatalf("the rotation re-sealed %d values, want %d (7 credentials, 3 phones)", n, want)
	}
	for _, v := range e.sealedValues() {
		if fp := govmedia.SealedFingerprint(v); fp != nextOnly.Fingerprint() {
			t.Fatalf("a value is still sealed under key %s after the rotation to %s", fp, nextOnly.Fingerprint())
		}
	}
	for _, c := range []wechat.Credentials{a, b} {
		if got, err := wechat.LoadCredentials(e.ctx, e.db, nextOnly, c.AccountID); err != nil || got != c {
			t.Fatalf("credentials of account %d under the new key alone: %v, %v", c.AccountID, got, err)
		}
	}
	if got, err := e.phones(nextOnly); err != nil || len(got) != 3 || got[0] != "13800000001" || got[2] != "13800000003" {
		t.Fatalf("phones under the new key: %v, %v", got, err)
	}
	var cached int
	_ = e.db.NewRaw("SELECT count(*) FROM wechat_cache").Scan(e.ctx, &cached)
	if cached != 0 {
		t.Fatalf("%d cache entries sealed under the old key survived", cached)
	}
	if _, err := e.rotate(e.box, next); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("rotating again to the key in use: %v, want EINVALID", err)
	}

	restartedOld, err := keyring.Start(e.ctx, e.db.DB, oldKeyOf(t, e))
	if err != nil {
		t.Fatalf("a replica restarted with the old key during the handover: %v", err)
	}
	if fp := restartedOld.Fingerprint(); fp != nextOnly.Fingerprint() {
		t.Fatalf("a replica restarted with the old key seals under %s, want the new key %s", fp, nextOnly.Fingerprint())
	}
	finished := finish(t, e, next)
	if finished != 0 {
		t.Fatalf("finish re-sealed %d values, want none left under the old key", finished)
	}
	var keys []string
	_ = e.db.NewRaw("SELECT fingerprint FROM secret_keys").Scan(e.ctx, &keys)
	if len(keys) != 1 || keys[0] != nextOnly.Fingerprint() {
		t.Fatalf("secret_keys = %v, want only the new key %s", keys, nextOnly.Fingerprint())
	}
	var unknown *keyring.UnknownKeyError
	if _, err := keyring.Start(e.ctx, e.db.DB, oldKeyOf(t, e)); !errors.As(err, &unknown) {
		t.Fatalf("the old key still starts a replica after the handover ended: %v", err)
	}
}

// oldKeyOf is the env's own key (the one its box started with).
func oldKeyOf(t *testing.T, e *wxEnv) []byte {
	t.Helper()
	if e.key == nil {
		t.Fatal("the env keeps no key")
	}
	return e.key
}

// finish ends the handover as `keys finish` run with key does.
func finish(t *testing.T, e *wxEnv, key []byte) int {
	t.Helper()
	box, err := keyring.Start(e.ctx, e.db.DB, key)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	err = e.db.RunInTx(e.ctx, nil, func(ctx context.Context, tx bun.Tx) (err error) {
		n, err = keyring.Finish(ctx, tx, box, rotationSteps()...)
		return err
	})
	if err != nil {
		t.Fatalf("finish: %v", err)
	}
	return n
}

func TestRotateKeyChangesNothingWhenAValueDoesNotOpen(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	a := e.account("盘龙发布", "13800000001")
	stranger := newBox(t)
	if _, err := e.db.ExecContext(e.ctx, "UPDATE accounts SET phone_sealed = ? WHERE id = ?",
		stranger.SealString("account.phone", "13900000000"), e.insertAccount("外来账号", "weibo", "")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rotate(e.box, newKey(t)); err == nil {
		t.Fatal("the rotation succeeded although a phone was sealed under a third key")
	}
	for _, v := range e.sealedValues()[:2] {
		if govmedia.SealedFingerprint(v) != e.box.Fingerprint() {
			t.Fatal("the failed rotation re-sealed a value")
		}
	}
	if got, err := wechat.LoadCredentials(e.ctx, e.db, e.box, a.AccountID); err != nil || got != a {
		t.Fatalf("after the failed rotation the old key no longer opens the credentials: %v", err)
	}
	var handover int
	_ = e.db.NewRaw("SELECT count(*) FROM secret_key_handover").Scan(e.ctx, &handover)
	if handover != 0 {
		t.Fatalf("the failed rotation left %d keys handed over", handover)
	}
}
