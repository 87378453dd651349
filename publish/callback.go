package publish

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"govmedia"
	"govmedia/registry"
	"govmedia/wechat"
)

// Callback serves an account's WeChat callback at /wechat/{appid}: the URL
// check WeChat makes when the server is configured (GET), and messages and
// events (POST) in plain or safe (AES) mode; any other method is refused. Signatures and timestamps are
// checked, retries are answered without being handled twice, and every
// answer is quick, well inside WeChat's five seconds.
func (p *Publisher) Callback() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 4*time.Second)
		defer cancel()
		t, err := p.callbackTarget(ctx, r.PathValue("appid"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		if !freshTimestamp(q.Get("timestamp"), p.now()) {
			http.Error(w, "stale timestamp", http.StatusForbidden)
			return
		}
		if r.Method == http.MethodGet {
			p.verifyURL(w, q.Get("signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"), t.creds.Token)
			return
		}
		p.receive(ctx, w, r, t.account, t.creds)
	})
}

func (p *Publisher) verifyURL(w http.ResponseWriter, sig, ts, nonce, echo, token string) {
	if !signatureOK(sig, token, ts, nonce) {
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	_, _ = io.WriteString(w, echo)
}

// callbackAccount is what a callback needs of the account it is for.
type callbackAccount struct {
	ID   int64
	Name string
}

// callbackTarget is the account a callback is for, with its credentials.
type callbackTarget struct {
	account callbackAccount
	creds   wechat.Credentials
}

// errUnknownAppID: no active account with bound credentials has the AppID.
var errUnknownAppID = errors.New("no active account has this AppID")

// unknownAppIDFor is how long this process remembers that an AppID is
// unknown, so that a flood of callbacks for it costs one read; short, so
// that an account whose credentials were just bound (by another replica)
// passes WeChat's URL check when its operator tries again.
const unknownAppIDFor = 10 * time.Second

// callbackTarget finds the active account an AppID belongs to, with its
// credentials (read at most once a minute by this process; an unknown
// AppID at most once in unknownAppIDFor, and a malformed one never).
func (p *Publisher) callbackTarget(ctx context.Context, appID string) (callbackTarget, error) {
	if !wechat.ValidAppID(appID) {
		return callbackTarget{}, errUnknownAppID
	}
	return p.callbacks.Get(appID, func() (callbackTarget, error) { return p.loadCallbackTarget(ctx, appID) })
}

func (p *Publisher) loadCallbackTarget(ctx context.Context, appID string) (callbackTarget, error) {
	row := new(wechat.SealedCredentials)
	err := p.db.NewSelect().Model(row).ColumnExpr("sealed_credentials.*, a.name AS account_name").
		Join("JOIN accounts AS a ON a.id = sealed_credentials.account_id").
		Where("a.app_id = ? AND a.state = ?", appID, registry.Active).Limit(1).Scan(ctx)
	if isNoRows(err) {
		return callbackTarget{}, errUnknownAppID
	}
	if err != nil {
		return callbackTarget{}, err
	}
	creds, err := row.Open(ctx, p.db, p.box)
	return callbackTarget{account: callbackAccount{ID: row.AccountID, Name: row.AccountName}, creds: creds}, err
}

// receive checks and opens a posted message, handles it once, and replies.
func (p *Publisher) receive(ctx context.Context, w http.ResponseWriter, r *http.Request, acc callbackAccount, creds wechat.Credentials) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	q := r.URL.Query()
	msg := new(inbound)
	if err != nil || xml.Unmarshal(body, msg) != nil {
		http.Error(w, "bad message", http.StatusBadRequest)
		return
	}
	safe := q.Get("encrypt_type") == "aes"
	if !safe && creds.EncodingAESKey != "" {
		// An account with an AES key takes only encrypted pushes: a plain
		// one, whose signature does not cover its body, may be forged.
		http.Error(w, "encrypted messages only", http.StatusForbidden)
		return
	}
	if msg, err = p.open(msg, safe, q.Get("signature"), q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), creds); err != nil {
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	first, err := p.firstTime(ctx, acc.ID, msg.dedupeKey())
	if err != nil {
		// Whether it was handled before is unknown: answering "success"
		// would stop WeChat's retries and lose it, so ask for a retry.
		p.log.Error("checking a WeChat callback for a repeat", "account", acc.ID, "err", err)
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	if !first {
		_, _ = io.WriteString(w, "success")
		return
	}
	reply, err := p.handleInbound(ctx, acc, msg, safe)
	if err != nil {
		// Not handled: forget it, so that WeChat's retry is.
		_, _ = p.db.ExecContext(ctx, "DELETE FROM callback_seen WHERE account_id = ? AND key = ?", acc.ID, msg.dedupeKey())
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	p.writeReply(w, reply, msg, safe, creds)
}

// open verifies a message's signature and decrypts it in safe mode.
func (p *Publisher) open(msg *inbound, safe bool, sig, msgSig, ts, nonce string, creds wechat.Credentials) (*inbound, error) {
	if !safe {
		if !signatureOK(sig, creds.Token, ts, nonce) {
			return nil, errBadSignature
		}
		return msg, nil
	}
	if !signatureOK(msgSig, creds.Token, ts, nonce, msg.Encrypt) || creds.EncodingAESKey == "" {
		return nil, errBadSignature
	}
	_, plain, err := util.DecryptMsg(creds.AppID, msg.Encrypt, creds.EncodingAESKey)
	if err != nil {
		return nil, errBadSignature
	}
	opened := new(inbound)
	return opened, xml.Unmarshal(plain, opened)
}

var errBadSignature = govmedia.Errorf(govmedia.EFORBIDDEN, "callback.bad_signature")

// firstTime records a message's key and reports whether it is new.
func (p *Publisher) firstTime(ctx context.Context, accountID int64, key string) (bool, error) {
	res, err := p.db.ExecContext(ctx, "INSERT INTO callback_seen (account_id, key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		accountID, key, p.now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (p *Publisher) writeReply(w http.ResponseWriter, text string, msg *inbound, safe bool, creds wechat.Credentials) {
	if text == "" {
		_, _ = io.WriteString(w, "success")
		return
	}
	out, err := xml.Marshal(textReply{ToUserName: cdata{msg.FromUserName}, FromUserName: cdata{msg.ToUserName},
		CreateTime: p.now().Unix(), MsgType: cdata{"text"}, Content: cdata{text}})
	if err == nil && safe {
		out, err = sealReply(out, creds.AppID, creds.EncodingAESKey, creds.Token, p.now())
	}
	if err != nil {
		p.log.Error("replying to a WeChat message", "err", err)
		_, _ = io.WriteString(w, "success")
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(out)
}
