package wechat_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

func TestCredentialsAreSealedAtRest(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("昆明发布", "13800000001")

	var text string
	var cols [4][]byte
	err := e.db.NewRaw(`SELECT row_to_json(c)::text, app_id_sealed, secret_sealed, token_sealed, aes_key_sealed
		FROM wechat_credentials c WHERE account_id = ?`, c.AccountID).Scan(e.ctx, &text, &cols[0], &cols[1], &cols[2], &cols[3])
	if err != nil {
		t.Fatal(err)
	}
	stored := string(bytes.Join(cols[:], nil)) + text
	for name, plain := range map[string]string{"AppID": c.AppID, "AppSecret": c.AppSecret, "Token": c.Token, "EncodingAESKey": c.EncodingAESKey} {
		if strings.Contains(stored, plain) || strings.Contains(stored, hex.EncodeToString([]byte(plain))) {
			t.Errorf("the %s is stored in plain text", name)
		}
	}
	got, err := wechat.LoadCredentials(e.ctx, e.db, e.box, c.AccountID)
	if err != nil || got != c {
		t.Fatalf("LoadCredentials = %v, %v; want the stored credentials back", got, err)
	}
	if s := fmt.Sprintf("%v %+v %#v", got, got, got); strings.Contains(s, c.AppSecret) || strings.Contains(s, c.Token) {
		t.Fatalf("printing the credentials reveals a secret: %s", s)
	}
}

// A closed account keeps no secrets: its credentials and its cached token
// go in the transaction that closes it; a suspended one keeps them.
func TestClosingAnAccountForgetsItsSecrets(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	kept, closed := e.account("嵩明发布", ""), e.account("寻甸发布", "")
	for _, c := range []wechat.Credentials{kept, closed} {
		if _, err := e.db.ExecContext(e.ctx, "UPDATE accounts SET app_id = ? WHERE id = ?", c.AppID, c.AccountID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.client(c).AccessToken(e.ctx); err != nil {
			t.Fatal(err)
		}
	}
	err := e.db.RunInTx(e.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET state = 'suspended' WHERE id = ?", kept.AccountID)
		if err == nil {
			_, err = tx.ExecContext(ctx, "UPDATE accounts SET state = 'closed' WHERE id = ?", closed.AccountID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wechat.LoadCredentials(e.ctx, e.db, e.box, closed.AccountID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("credentials of the closed account: %v, want ENOTFOUND", err)
	}
	if got, err := wechat.LoadCredentials(e.ctx, e.db, e.box, kept.AccountID); err != nil || got != kept {
		t.Fatalf("credentials of the suspended account: %v, want them kept", err)
	}
	var keys []string
	if err := e.db.NewRaw("SELECT key FROM wechat_cache ORDER BY key").Scan(e.ctx, &keys); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || !strings.HasSuffix(keys[0], kept.AppID) {
		t.Fatalf("cached keys %v; want only the suspended account's token", keys)
	}
	// A closed account imported, or edited, with an AppID an open account
	// holds now is not a closing: the open account keeps its token.
	_, err = e.db.ExecContext(e.ctx, `INSERT INTO accounts (platform, wechat_kind, name, app_id, host_org, state, created_at, updated_at)
		VALUES ('wechat_oa', 'service', '嵩明发布（旧）', ?, 'city', 'closed', now(), now())`, kept.AppID)
	if err == nil {
		_, err = e.db.ExecContext(e.ctx, "UPDATE accounts SET state = 'closed', close_reason = '合并' WHERE name = '嵩明发布（旧）'")
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.NewRaw("SELECT key FROM wechat_cache ORDER BY key").Scan(e.ctx, &keys); err != nil || len(keys) != 1 {
		t.Fatalf("cached keys %v (%v) after an old closed account was imported; want the open account's token kept", keys, err)
	}
}

func TestStoreCredentialsRejectsMalformedFieldsWithoutQuotingSecrets(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	id := e.insertAccount("五华发布", "wechat_oa", "")
	bad := wechat.Credentials{AccountID: id, AppID: "0123456789abcdef0123456789abcdef",
		AppSecret: "not-a-secret-but-long-enough", Token: "a!", EncodingAESKey: "short"}
	err := wechat.StoreCredentials(e.ctx, e.db, e.box, bad, govmedia.Now())
	var fields govmedia.FieldErrors
	if !errors.As(err, &fields) || len(fields) != 4 || govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("error %v, want 4 field errors (AppID, AppSecret, Token, EncodingAESKey)", err)
	}
	for _, lang := range govmedia.Languages {
		msg := govmedia.ErrorMessage(lang, err)
		if strings.Contains(msg, bad.AppID) || strings.Contains(msg, bad.AppSecret) || strings.Contains(msg, "wechat.") {
			t.Errorf("%s message quotes a value or lacks a text: %s", lang, msg)
		}
	}
	if _, err := wechat.LoadCredentials(e.ctx, e.db, e.box, id); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("after a rejected store: %v, want nothing stored (ENOTFOUND)", err)
	}
}

func TestStoreCredentialsChecksTheAccount(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	weibo := e.insertAccount("盘龙微博", "weibo", "")
	bound := e.insertAccount("官渡发布", "wechat_oa", "")
	if _, err := e.db.ExecContext(e.ctx, "UPDATE accounts SET app_id = 'wx00000000000000aa' WHERE id = ?", bound); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		accountID int64
		code, key string
	}{
		{"no such account", 999999, govmedia.ENOTFOUND, "account.not_found"},
		{"not a WeChat account", weibo, govmedia.EINVALID, "wechat.not_official_account"},
		{"another AppID bound", bound, govmedia.EINVALID, "wechat.app_id_mismatch"},
	} {
		err := wechat.StoreCredentials(e.ctx, e.db, e.box, newCredentials(tc.accountID), govmedia.Now())
		var ge *govmedia.Error
		if !errors.As(err, &ge) || ge.Code != tc.code || ge.Key != tc.key {
			t.Errorf("%s: %v, want %s %s", tc.name, err, tc.code, tc.key)
		}
	}
}

func TestStoreCredentialsJoinsTheCallersTransaction(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	id := e.insertAccount("西山发布", "wechat_oa", "")
	rollback := errors.New("the caller changes its mind")
	err := e.db.RunInTx(e.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := wechat.StoreCredentials(ctx, tx, e.box, newCredentials(id), govmedia.Now()); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("transaction: %v", err)
	}
	if _, err := wechat.LoadCredentials(e.ctx, e.db, e.box, id); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("credentials survived the caller's rollback: %v", err)
	}
}
