package wechat

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/broadcast"
	"github.com/silenceper/wechat/v2/util"
)

// massSendAllURL is message/mass/sendall.
const massSendAllURL = APIOrigin + "/cgi-bin/message/mass/sendall"

// codeClientMsgIDExist is WeChat's answer to a clientmsgid sent again within
// 24 hours; it carries the msg_id of the earlier send.
const codeClientMsgIDExist = 45065

// MassSend is a mass send (群发) of a draft to followers: all of them, or
// those with a tag. ClientMsgID (at most 64 bytes) makes a repeat within 24
// hours come back as the earlier send instead of sending twice.
type MassSend struct {
	DraftMediaID  string
	TagID         int64 // 0: every follower
	ClientMsgID   string
	IgnoreReprint bool // send even if WeChat judges the articles reprinted
}

// MassSendResult identifies an accepted send. Repeated means WeChat had
// already accepted a send with the same clientmsgid; MsgID is that send's.
type MassSendResult struct {
	MsgID     int64
	MsgDataID int64
	Repeated  bool
}

// massRequest is the body of sendall; silenceper's Broadcast has no
// clientmsgid, so the call goes through its JSON helper.
type massRequest struct {
	Filter            massFilter        `json:"filter"`
	MsgType           string            `json:"msgtype"`
	MPNews            map[string]string `json:"mpnews"`
	SendIgnoreReprint int               `json:"send_ignore_reprint"`
	ClientMsgID       string            `json:"clientmsgid,omitempty"`
}

type massFilter struct {
	IsToAll bool  `json:"is_to_all"`
	TagID   int64 `json:"tag_id,omitempty"`
}

// SendAll mass-sends a draft (message/mass/sendall, mpnews). It uses the
// account's mass-send quota: 1 a day for subscription accounts, 4 a month
// for service accounts (45028 when used up).
func (c *Client) SendAll(ctx context.Context, m MassSend) (MassSendResult, error) {
	req := massRequest{
		Filter:  massFilter{IsToAll: m.TagID == 0, TagID: m.TagID},
		MsgType: "mpnews", MPNews: map[string]string{"media_id": m.DraftMediaID},
		ClientMsgID: m.ClientMsgID,
	}
	if m.IgnoreReprint {
		req.SendIgnoreReprint = 1
	}
	var out MassSendResult
	err := c.call(ctx, "message/mass/sendall", func(oa *officialaccount.OfficialAccount) error {
		var err error
		out, err = postMass(ctx, oa, req)
		return err
	})
	return out, err
}

// postMass posts one sendall; a repeated clientmsgid that names the earlier
// send is a success.
func postMass(ctx context.Context, oa *officialaccount.OfficialAccount, req massRequest) (MassSendResult, error) {
	tok, err := oa.GetAccessTokenContext(ctx)
	if err != nil {
		return MassSendResult{}, err
	}
	body, err := util.PostJSONContext(ctx, fmt.Sprintf("%s?access_token=%s", massSendAllURL, tok), req)
	if err != nil {
		return MassSendResult{}, err
	}
	var res struct {
		util.CommonError
		MsgID     int64 `json:"msg_id"`
		MsgDataID int64 `json:"msg_data_id"`
	}
	err = util.DecodeWithError(body, &res, "SendAll")
	out := MassSendResult{MsgID: res.MsgID, MsgDataID: res.MsgDataID}
	var ce *util.CommonError
	if errors.As(err, &ce) && ce.ErrCode == codeClientMsgIDExist && res.MsgID != 0 {
		out.Repeated = true
		return out, nil
	}
	return out, err
}

// MassStatus reads a mass send's msg_status (message/mass/get): SENDING,
// SEND_SUCCESS, SEND_FAIL or DELETE. The Broadcast object is made for this
// call alone and Preview is never called on it.
func (c *Client) MassStatus(ctx context.Context, msgID int64) (status string, err error) {
	err = c.call(ctx, "message/mass/get", func(oa *officialaccount.OfficialAccount) error {
		res, err := broadcast.NewBroadcast(oa.GetContext()).GetMassStatus(strconv.FormatInt(msgID, 10))
		if err == nil {
			status = res.MsgStatus
		}
		return err
	})
	return status, err
}
