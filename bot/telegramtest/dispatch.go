package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// method is one Bot API method the server implements.
type method struct {
	name string
	run  func(s *Server, ctx context.Context, p *params) (any, error)
}

// methods maps lower-case names to methods: the Bot API ignores the case
// of method names.
var methods = map[string]method{}

// init fills the method table.
func init() {
	for _, m := range []method{
		{"getMe", (*Server).getMe},
		{"getUpdates", (*Server).getUpdates},
		{"setWebhook", (*Server).setWebhook},
		{"deleteWebhook", (*Server).deleteWebhook},
		{"getWebhookInfo", (*Server).getWebhookInfo},
		{"sendMessage", (*Server).sendMessage},
		{"editMessageText", (*Server).editMessageText},
		{"editMessageReplyMarkup", (*Server).editMessageReplyMarkup},
		{"deleteMessage", (*Server).deleteMessage},
		{"answerCallbackQuery", (*Server).answerCallbackQuery},
		{"setMyCommands", (*Server).setMyCommands},
		{"getMyCommands", (*Server).getMyCommands},
		{"deleteMyCommands", (*Server).deleteMyCommands},
		{"sendDocument", (*Server).sendDocument},
		{"sendPhoto", (*Server).sendPhoto},
		{"getFile", (*Server).getFile},
		{"sendChatAction", (*Server).sendChatAction},
		{"getChat", (*Server).getChat},
		{"getChatMember", (*Server).getChatMember},
	} {
		methods[strings.ToLower(m.name)] = m
	}
}

// serveMethod answers POST or GET /bot<token>/<method>.
func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request, rest string) {
	token, name, _ := strings.Cut(rest, "/")
	name = strings.TrimPrefix(name, "test/")
	if token != s.opts.Token {
		writeEnvelope(w, errorEnvelope(errUnauthorized))
		return
	}
	m, ok := methods[strings.ToLower(name)]
	if !ok {
		writeEnvelope(w, errorEnvelope(errNotFound))
		return
	}
	p, err := readParams(r)
	if err != nil {
		writeEnvelope(w, errorEnvelope(badRequest("can't parse request: "+err.Error())))
		return
	}
	writeEnvelope(w, s.call(r.Context(), m, p))
}

// call runs a method, unless an injected fault answers first, and records
// the call.
func (s *Server) call(ctx context.Context, m method, p *params) envelope {
	at := s.now()
	var result any
	err := s.takeFault(ctx, m.name, p.str("chat_id"))
	if err == nil {
		result, err = m.run(s, ctx, p)
	}
	env := toEnvelope(result, err)
	s.record(m.name, p, at, env)
	return env
}

// toEnvelope wraps a method's outcome in the Bot API envelope.
func toEnvelope(result any, err error) envelope {
	if err != nil {
		var apiErr *apiError
		if !errors.As(err, &apiErr) {
			apiErr = &apiError{Code: http.StatusInternalServerError, Description: "Internal Server Error: " + err.Error()}
		}
		return errorEnvelope(apiErr)
	}
	env := envelope{OK: true}
	if d, ok := result.(described); ok {
		result, env.Description = d.result, d.description
	}
	raw, merr := json.Marshal(result)
	if merr != nil {
		return errorEnvelope(&apiError{Code: http.StatusInternalServerError, Description: merr.Error()})
	}
	env.Result = raw
	return env
}

// callMethod runs a method by name with already read parameters, as for a
// method returned in a webhook reply.
func (s *Server) callMethod(ctx context.Context, name string, p *params) envelope {
	m, ok := methods[strings.ToLower(name)]
	if !ok {
		return errorEnvelope(errNotFound)
	}
	return s.call(ctx, m, p)
}
