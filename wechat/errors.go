package wechat

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"

	"github.com/silenceper/wechat/v2/util"

	"govmedia"
)

// Error is a failed WeChat API call. Its text is free of secrets and
// access tokens, so it may be logged and stored as a delivery's last error.
type Error struct {
	API     string // what was called, e.g. "draft/add"
	Code    int64  // WeChat's errcode; 0 when WeChat gave none
	Status  int    // the HTTP status, when it was not 200
	Network bool   // the call did not get an answer (connection, timeout)
	Msg     string // WeChat's errmsg or what went wrong, redacted
	Class   Class  // what a delivery should do about it
	cause   error  // context.Canceled or DeadlineExceeded, for errors.Is
}

// Error renders the failure for logs.
func (e *Error) Error() string {
	switch {
	case e.Code != 0:
		return fmt.Sprintf("wechat %s: errcode %d: %s", e.API, e.Code, e.Msg)
	case e.Status != 0:
		return fmt.Sprintf("wechat %s: HTTP status %d", e.API, e.Status)
	}
	return fmt.Sprintf("wechat %s: %s", e.API, e.Msg)
}

// Unwrap returns the context error that ended the call, if any.
func (e *Error) Unwrap() error { return e.cause }

// silenceper words the errors of uploads and token fetches as text:
// "… errcode=40007 , errmsg=invalid media_id" (or "errormsg="), and
// answers that are not 200 as "… uri=…, statusCode=502".
var (
	textErrcode = regexp.MustCompile(`(?s)errcode=(-?\d+)\s*,\s*err(?:or)?msg=(.*)$`)
	textStatus  = regexp.MustCompile(`statusCode=(\d+)`)
)

// wechatError turns what silenceper returned for api into a *Error,
// removing the known secrets from its text. nil stays nil, and errors that
// are already ours (or a *govmedia.Error, or the database's) pass unchanged.
func wechatError(api string, err error, known ...string) error {
	var we *Error
	var ge *govmedia.Error
	var se storeError
	if err == nil || errors.As(err, &we) || errors.As(err, &ge) || errors.As(err, &se) {
		return err
	}
	e := &Error{API: api}
	var ce *util.CommonError
	if errors.As(err, &ce) {
		e.Code, e.Msg = ce.ErrCode, ce.ErrMsg
	} else {
		e.describe(err)
	}
	e.Msg = redact(e.Msg, known...)
	e.Class = classOf(e)
	return e
}

// describe fills in e from an error silenceper or net/http made.
func (e *Error) describe(err error) {
	text := err.Error()
	e.Msg = text
	if m := textErrcode.FindStringSubmatch(text); m != nil {
		e.Code, _ = strconv.ParseInt(m[1], 10, 64)
		e.Msg = m[2]
		return
	}
	if m := textStatus.FindStringSubmatch(text); m != nil {
		e.Status, _ = strconv.Atoi(m[1])
		return
	}
	for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, c) {
			e.cause = c
		}
	}
	var ne net.Error
	if errors.As(err, &ne) || e.cause != nil {
		e.Network = true
	}
}

// ErrCode returns WeChat's errcode carried by err, 0 if none.
func ErrCode(err error) int64 {
	var we *Error
	if errors.As(err, &we) {
		return we.Code
	}
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return ce.ErrCode
	}
	return 0
}
