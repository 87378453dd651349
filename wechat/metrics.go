package wechat

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Why a callback was refused: the values of the "reason" label.
const (
	refusedMethod     = "method"          // neither GET nor POST
	refusedUnknown    = "unknown_account" // no active account has the AppID
	refusedStale      = "stale_timestamp" // more than five minutes off
	refusedSignature  = "bad_signature"   // signature or msg_signature wrong or missing
	refusedEncryption = "bad_encryption"  // signed, but does not decrypt for the account
	refusedPlain      = "plain_refused"   // a plain push to an account with an AES key
	refusedOversized  = "oversized"       // a body over MaxBody
	refusedMalformed  = "malformed"       // not a WeChat message's XML
	refusedDirective  = "doctype"         // a DOCTYPE or other directive
	refusedBusy       = "unavailable"     // the database failed: WeChat is asked to retry
)

// What became of a message: the values of the "outcome" label.
const (
	outcomeReplied   = "replied"    // answered with a reply
	outcomeNothing   = "nothing"    // answered "success": no reply, or no handler
	outcomeLater     = "later"      // answered "success"; a job replies
	outcomeRepeat    = "repeat"     // WeChat's retry of a message handled already
	outcomeFailed    = "failed"     // the handler failed: WeChat is asked to retry
	outcomeSent      = "sent"       // a customer-service message went out
	outcomeUndeliver = "refused"    // WeChat refused it (window closed, used up, unfollowed)
	outcomeSendError = "send_error" // it could not be sent (to be tried again)
)

// metrics are a callback's counters. Their labels hold no openid, no
// AppID and no text: a kind is a registered one or "other".
type metrics struct {
	refused  *prometheus.CounterVec
	messages *prometheus.CounterVec
	custom   *prometheus.CounterVec
}

func newMetrics() *metrics {
	return &metrics{
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govmedia_wechat_callback_refused_total",
			Help: "WeChat callback requests answered without content, by reason.",
		}, []string{"reason"}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govmedia_wechat_callback_messages_total",
			Help: "WeChat messages and events received, by kind and outcome.",
		}, []string{"kind", "outcome"}),
		custom: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govmedia_wechat_customer_messages_total",
			Help: "Slow replies sent as customer-service messages, by outcome.",
		}, []string{"outcome"}),
	}
}

// register adds the counters to reg (nil: none).
func (m *metrics) register(reg prometheus.Registerer) error {
	if reg == nil {
		return nil
	}
	for _, c := range []prometheus.Collector{m.refused, m.messages, m.custom} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
