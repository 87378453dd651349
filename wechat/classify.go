package wechat

import (
	"errors"
	"net/http"

	"github.com/silenceper/wechat/v2/util"

	"govmedia"
)

// Class says what a delivery should do about a failed WeChat call.
type Class int

// The classes of failure.
const (
	ClassNone      Class = iota // no failure
	ClassToken                  // the access_token was rejected: refresh it, retry
	ClassRate                   // a quota or rate limit: wait (a day for daily quotas)
	ClassTransient              // no answer, a timeout, a 5xx, WeChat busy: back off, retry
	ClassPermanent              // retrying cannot help: the account, content or credentials need fixing
)

var classNames = [...]string{"none", "token", "rate", "transient", "permanent"}

// String names the class.
func (c Class) String() string {
	if c < 0 || int(c) >= len(classNames) {
		return "unknown"
	}
	return classNames[c]
}

// codeClasses are the WeChat errcodes that are not permanent. Every other
// code is: 48001 API not authorised (unverified account), 40007 bad media,
// 45002–45008 and 40227 content rejected, 43004 not a follower, 40013 and
// 40125 bad credentials, 40164 IP not whitelisted, 45065 repeated
// clientmsgid, 50002 account restricted…
var codeClasses = map[int64]Class{
	-1:    ClassTransient, // system busy
	40001: ClassToken,     // token invalid or not the latest
	40014: ClassToken,     // token malformed
	41001: ClassToken,     // token missing
	42001: ClassToken,     // token expired
	45009: ClassRate,      // daily API quota
	45011: ClassRate,      // API called too often
	45028: ClassRate,      // no mass-send quota left
	45047: ClassRate,      // customer-service message limit
}

func codeClass(code int64) Class {
	if c, ok := codeClasses[code]; ok {
		return c
	}
	return ClassPermanent
}

// classOf classifies a call's failure.
func classOf(e *Error) Class {
	switch {
	case e.Code != 0:
		return codeClass(e.Code)
	case e.Status == http.StatusTooManyRequests:
		return ClassRate
	case e.Status >= 400 && e.Status < 500 && e.Status != http.StatusRequestTimeout:
		return ClassPermanent
	}
	return ClassTransient
}

// Classify tells a delivery what to do about err: ClassNone for nil; the
// class of a *Error (or of a bare silenceper errcode);
// ClassPermanent for a *govmedia.Error (missing credentials, no key…);
// ClassTransient for anything else (the database, a cancelled context).
func Classify(err error) Class {
	if err == nil {
		return ClassNone
	}
	var we *Error
	if errors.As(err, &we) {
		return we.Class
	}
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return codeClass(ce.ErrCode)
	}
	var ge *govmedia.Error
	var fe govmedia.FieldErrors
	if errors.As(err, &ge) || errors.As(err, &fe) {
		return ClassPermanent
	}
	return ClassTransient
}
