// Package govmedia holds what every part of the service shares: the error type
// whose messages reach users in their language, the printer of translated texts,
// the actor recorded with every change, and the sealing of secrets at rest.
package govmedia

import (
	"errors"
	"fmt"
)

// Error codes. Front ends map them: the bot to a message in the user's
// language, the web handlers to an HTTP status, the CLI to an exit status.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
)

// Error is a failure fit to show a user: a code, a message key in the
// translation files, and the values the message mentions.
type Error struct {
	Code string
	Key  string
	Args []any // key/value pairs, as slog takes them
}

// Errorf returns an *Error with code, message key and key/value arguments.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Error renders the message in English, for logs and programs.
func (e *Error) Error() string {
	return Print(English, e.Key, e.Args...)
}

// Message renders the message in the given language.
func (e *Error) Message(lang Language) string {
	return Print(lang, e.Key, e.Args...)
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var list FieldErrors
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Err.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage renders err for a user: its own message if it is an *Error,
// a generic one otherwise, so that internal details never reach users.
func ErrorMessage(lang Language, err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message(lang)
	}
	var list FieldErrors
	if errors.As(err, &list) {
		return list.Message(lang)
	}
	return Print(lang, "error.internal")
}

// FieldError locates a bad value: a sheet of a workbook ("" when there is
// none), a row of a file (0 when there is none), a column or field name,
// and what is wrong with it.
type FieldError struct {
	Sheet  string
	Row    int
	Column string
	Err    *Error
}

// FieldErrors is every bad value found in one input; its code is that of
// its first entry.
type FieldErrors []FieldError

// Error renders all entries in English.
func (l FieldErrors) Error() string { return l.Message(English) }

// Message renders one line per entry in the given language.
func (l FieldErrors) Message(lang Language) string {
	s := Print(lang, "error.field_errors", "count", len(l))
	for _, f := range l {
		s += "\n" + f.Line(lang)
	}
	return s
}

// Line renders one entry: sheet, row, column and reason.
func (f FieldError) Line(lang Language) string {
	if f.Sheet != "" {
		return Print(lang, "error.sheet_row_column", "sheet", f.Sheet, "row", f.Row, "column", f.Column, "reason", f.Err.Message(lang))
	}
	if f.Row > 0 {
		return Print(lang, "error.row_column", "row", f.Row, "column", f.Column, "reason", f.Err.Message(lang))
	}
	return Print(lang, "error.field", "column", f.Column, "reason", f.Err.Message(lang))
}

// Internal wraps an unexpected failure with what was being done.
func Internal(doing string, err error) error {
	return fmt.Errorf("%s: %w", doing, err)
}
