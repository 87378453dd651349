package wechat

import (
	"context"
	"errors"
	"fmt"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/util"

	"govmedia"
)

// customSendURL is message/custom/send.
const customSendURL = APIOrigin + "/cgi-bin/message/custom/send"

// The errcodes of a customer-service message WeChat will not deliver.
const (
	codeWindowClosed = 45015 // 48 hours since the follower's last message, or unfollowed
	codeCustomLimit  = 45047 // the window's messages are used up
	codeNotFollowing = 43004 // the receiver does not follow the account
)

// refusalKeys are the messages that say why, for the operator who wrote.
var refusalKeys = map[int64]string{
	codeWindowClosed: "wechat.custom.window_closed",
	codeCustomLimit:  "wechat.custom.limit",
	codeNotFollowing: "wechat.custom.not_following",
}

// customMessage is the body of message/custom/send.
type customMessage struct {
	ToUser  string      `json:"touser"`
	MsgType string      `json:"msgtype"`
	Text    *customText `json:"text,omitempty"`
	News    *customNews `json:"news,omitempty"`
}

type customText struct {
	Content string `json:"content"`
}

type customNews struct {
	Articles []customArticle `json:"articles"`
}

type customArticle struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url"`
	PicURL      string `json:"picurl,omitempty"`
}

// newCustomMessage is r for openID: its text, or its first article.
func newCustomMessage(openID string, r Reply) customMessage {
	if r.Text != "" || len(r.Articles) == 0 {
		return customMessage{ToUser: openID, MsgType: "text", Text: &customText{Content: r.Text}}
	}
	a := r.Articles[0] // WeChat carries one
	return customMessage{ToUser: openID, MsgType: "news", News: &customNews{Articles: []customArticle{
		{Title: a.Title, Description: a.Description, URL: a.URL, PicURL: a.PictureURL}}}}
}

// SendCustom sends a follower a customer-service message (客服消息,
// message/custom/send): r's text, or else its first article as news.
// WeChat delivers one only within 48 hours of the follower's last message,
// and only a few in that window. Its refusal is an error that is both a
// *govmedia.Error (EFORBIDDEN, saying why in the user's words) and an
// *Error with WeChat's errcode: 45015 (the window closed, or the follower
// left), 45047 (the window's messages used up), 43004 (not a follower);
// IsRefusal tells them from failures worth a retry.
func (c *Client) SendCustom(ctx context.Context, openID string, r Reply) error {
	msg := newCustomMessage(openID, r)
	err := c.call(ctx, "message/custom/send", func(oa *officialaccount.OfficialAccount) error {
		tok, err := oa.GetAccessTokenContext(ctx)
		if err != nil {
			return err
		}
		body, err := util.PostJSONContext(ctx, fmt.Sprintf("%s?access_token=%s", customSendURL, tok), msg)
		if err != nil {
			return err
		}
		return util.DecodeWithCommonError(body, "SendCustom")
	})
	var we *Error
	if errors.As(err, &we) && refusalKeys[we.Code] != "" {
		return &refusal{user: govmedia.Errorf(govmedia.EFORBIDDEN, refusalKeys[we.Code]), call: we}
	}
	return err
}

// refusal is WeChat's refusal to deliver a customer-service message.
type refusal struct {
	user *govmedia.Error
	call *Error
}

// Error says why, in English.
func (r *refusal) Error() string { return r.user.Error() + " (" + r.call.Error() + ")" }

// Unwrap gives the message for the user and WeChat's error.
func (r *refusal) Unwrap() []error { return []error{r.user, r.call} }

// IsRefusal reports whether err is WeChat's refusal of a customer-service
// message (see SendCustom): sending it again cannot help before the
// follower writes again.
func IsRefusal(err error) bool {
	var r *refusal
	return errors.As(err, &r)
}
