package citizens

import (
	"context"
	"errors"
	"time"

	"govmedia/registry"
	"govmedia/wechat"
)

// Answer registers, on an account's WeChat callback, what the citizens
// service answers: a follow (the welcome), an unfollow (the follower
// forgotten), a menu click (the domain's current catalog items), a text
// (the catalog and policies searched, or a question for the unit). Each
// is answered within the callback's deadline.
func (c *Citizens) Answer(cb *wechat.Callback) {
	cb.Handle("event:subscribe", wechat.Handler{Answer: func(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		acct, err := c.callbackAccount(ctx, acc)
		if err != nil {
			return wechat.Reply{}, err
		}
		text, err := c.Subscribe(ctx, acct, m.FromUserName, sentAt(m))
		return wechat.Reply{Text: text}, err
	}})
	cb.Handle("event:unsubscribe", wechat.Handler{Answer: func(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		acct, err := c.callbackAccount(ctx, acc)
		if err != nil {
			return wechat.Reply{}, err
		}
		return wechat.Reply{}, c.Unsubscribe(ctx, acct, m.FromUserName, sentAt(m))
	}})
	cb.Handle("event:CLICK", wechat.Handler{Answer: func(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		acct, err := c.callbackAccount(ctx, acc)
		if err != nil {
			return wechat.Reply{}, err
		}
		text, err := c.Click(ctx, acct, m.EventKey)
		return wechat.Reply{Text: text}, err
	}})
	cb.Handle("text", wechat.Handler{Answer: func(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		acct, err := c.callbackAccount(ctx, acc)
		if err != nil {
			return wechat.Reply{}, err
		}
		text, err := c.Message(ctx, acct, m.FromUserName, m.Content, sentAt(m))
		return wechat.Reply{Text: text}, err
	}})
}

// sentAt is when WeChat says the follower sent m.
func sentAt(m *wechat.Message) time.Time { return time.Unix(m.CreateTime, 0).UTC() }

// callbackAccount is the account a callback is for, with its unit.
func (c *Citizens) callbackAccount(ctx context.Context, acc wechat.Account) (Account, error) {
	a, err := registry.AccountByID(ctx, c.db, acc.ID)
	if err != nil {
		return Account{}, err
	}
	return Account{ID: a.ID, AppID: a.AppID, Name: a.Name, HostOrg: a.HostOrg}, nil
}

// WeChatSender sends replies as WeChat customer-service messages through
// the accounts' clients; WeChat's refusals carry their errcode (Refusal).
func WeChatSender(clients *wechat.Clients) Sender { return wechatSender{clients} }

type wechatSender struct{ clients *wechat.Clients }

func (s wechatSender) SendText(ctx context.Context, accountID int64, openid, text string) error {
	client, err := s.clients.For(ctx, accountID)
	if err != nil {
		return err
	}
	err = client.SendCustom(ctx, openid, wechat.Reply{Text: text})
	var we *wechat.Error
	if err != nil && errors.As(err, &we) && (wechat.IsRefusal(err) || we.Code == codeNotAllowed) {
		return sendRefusal{err: err, code: we.Code}
	}
	return err
}

// codeNotAllowed is WeChat's 48001: the account has no right to the API
// (customer-service messages need a verified account).
const codeNotAllowed = 48001

// sendRefusal is WeChat's refusal of a reply, for good.
type sendRefusal struct {
	err  error
	code int64
}

func (r sendRefusal) Error() string      { return r.err.Error() }
func (r sendRefusal) Unwrap() error      { return r.err }
func (r sendRefusal) RefusalCode() int64 { return r.code }
