package citizens

import (
	"time"

	"github.com/uptrace/bun"
)

// Follower is one person who follows (or followed) an account.
type Follower struct {
	bun.BaseModel `bun:"table:citizen_followers,alias:f"`

	ID            int64     `bun:"id,pk,autoincrement"`
	AccountID     int64     `bun:"account_id"`
	OpenIDHash    []byte    `bun:"openid_hash"`
	OpenIDSealed  []byte    `bun:"openid_sealed"`
	Alias         string    `bun:"alias"`
	Subscribed    bool      `bun:"subscribed"`
	FirstSeen     time.Time `bun:"first_seen"`
	LastMessageAt time.Time `bun:"last_message_at,nullzero"`
	WindowSent    int       `bun:"window_sent"`
}

// State is where a question stands.
type State string

// The states of a question.
const (
	Open     State = "open"     // waiting for its unit's reply
	Answered State = "answered" // replied to; the citizen may write again
	Handled  State = "handled"  // done with
)

// Question is what a citizen asked that a person must answer.
type Question struct {
	bun.BaseModel `bun:"table:questions,alias:q"`

	ID          int64     `bun:"id,pk,autoincrement"`
	AccountID   int64     `bun:"account_id"`
	FollowerID  int64     `bun:"follower_id"`
	OrgCode     string    `bun:"org_code"`
	State       State     `bun:"state"`
	AskedAt     time.Time `bun:"asked_at"`
	LastAskedAt time.Time `bun:"last_asked_at"`
	AnsweredAt  time.Time `bun:"answered_at,nullzero"`
	HandledAt   time.Time `bun:"handled_at,nullzero"`
	HandledBy   string    `bun:"handled_by,nullzero"`
	RemindAt    time.Time `bun:"remind_at"`
	RemindedAt  time.Time `bun:"reminded_at,nullzero"`
	EscalateAt  time.Time `bun:"escalate_at"`
	EscalatedAt time.Time `bun:"escalated_at,nullzero"`

	Follower *Follower  `bun:"rel:belongs-to,join:follower_id=id"`
	Messages []*Message `bun:"rel:has-many,join:id=question_id"`
}

// Message is one message of a question: the citizen's, or a reply.
type Message struct {
	bun.BaseModel `bun:"table:question_messages,alias:m"`

	ID          int64     `bun:"id,pk,autoincrement"`
	QuestionID  int64     `bun:"question_id"`
	FromCitizen bool      `bun:"from_citizen"`
	TextSealed  []byte    `bun:"text_sealed"`
	Author      string    `bun:"author"`
	At          time.Time `bun:"at"`
	State       string    `bun:"state"` // received, sending, sent, refused
	Error       string    `bun:"error"`
	SendTriedAt time.Time `bun:"send_tried_at,nullzero"` // a send to WeChat began (see sendReply)

	Text string `bun:"-"` // opened for one who may read it
}

// The states of a message.
const (
	Received = "received"
	Sending  = "sending"
	Sent     = "sent"
	Refused  = "refused"
)
