package wechattest

import "net/http"

// route is one API: its method, whether it needs an access_token, whether it
// needs a verified account, and its handler.
type route struct {
	method   string
	path     string
	auth     bool
	verified bool
	fn       func(c *call) (any, *apiError)
}

func (s *Server) apiRoutes() []route {
	return []route{
		{method: "GET", path: "/cgi-bin/token", fn: s.getToken},
		{method: "POST", path: "/cgi-bin/stable_token", fn: s.getStableToken},

		{method: "POST", path: "/cgi-bin/material/add_material", auth: true, fn: s.addMaterial},
		{method: "POST", path: "/cgi-bin/media/upload", auth: true, fn: s.uploadMedia},
		{method: "POST", path: "/cgi-bin/media/uploadimg", auth: true, fn: s.uploadBodyImage},
		{method: "GET", path: "/cgi-bin/material/get_materialcount", auth: true, fn: s.materialCount},
		{method: "POST", path: "/cgi-bin/material/del_material", auth: true, fn: s.deleteMaterial},

		{method: "POST", path: "/cgi-bin/draft/add", auth: true, verified: true, fn: s.addDraft},
		{method: "POST", path: "/cgi-bin/draft/get", auth: true, verified: true, fn: s.getDraft},
		{method: "POST", path: "/cgi-bin/draft/update", auth: true, verified: true, fn: s.updateDraft},
		{method: "POST", path: "/cgi-bin/draft/delete", auth: true, verified: true, fn: s.deleteDraft},
		{method: "GET", path: "/cgi-bin/draft/count", auth: true, verified: true, fn: s.countDrafts},
		{method: "POST", path: "/cgi-bin/draft/batchget", auth: true, verified: true, fn: s.listDrafts},

		{method: "POST", path: "/cgi-bin/freepublish/submit", auth: true, verified: true, fn: s.submitPublish},
		{method: "POST", path: "/cgi-bin/freepublish/get", auth: true, verified: true, fn: s.getPublish},
		{method: "POST", path: "/cgi-bin/freepublish/delete", auth: true, verified: true, fn: s.deletePublish},
		{method: "POST", path: "/cgi-bin/freepublish/getarticle", auth: true, verified: true, fn: s.getPublishedArticle},
		{method: "POST", path: "/cgi-bin/freepublish/batchget", auth: true, verified: true, fn: s.listPublished},

		{method: "POST", path: "/cgi-bin/message/mass/sendall", auth: true, verified: true, fn: s.massSendAll},
		{method: "POST", path: "/cgi-bin/message/mass/send", auth: true, verified: true, fn: s.massSendList},
		{method: "POST", path: "/cgi-bin/message/mass/get", auth: true, verified: true, fn: s.massGet},
		{method: "POST", path: "/cgi-bin/message/mass/delete", auth: true, verified: true, fn: s.massDelete},
		{method: "POST", path: "/cgi-bin/message/mass/preview", auth: true, verified: true, fn: s.massPreview},

		{method: "POST", path: "/cgi-bin/message/custom/send", auth: true, fn: s.customSend},

		{method: "POST", path: "/cgi-bin/menu/create", auth: true, verified: true, fn: s.createMenu},
		{method: "GET", path: "/cgi-bin/menu/get", auth: true, verified: true, fn: s.getMenu},
		{method: "GET", path: "/cgi-bin/menu/delete", auth: true, verified: true, fn: s.deleteMenu},

		{method: "POST", path: "/datacube/getusersummary", auth: true, verified: true, fn: s.userSummary},
		{method: "POST", path: "/datacube/getusercumulate", auth: true, verified: true, fn: s.userCumulate},
	}
}

// routes builds the mux: each API under its method and path, and a catch-all
// answering as WeChat does for a wrong method (43001/43002) or path (40066).
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	methods := map[string]string{}
	for _, rt := range s.apiRoutes() {
		mux.Handle(rt.method+" "+rt.path, s.handle(rt))
		methods[rt.path] = rt.method
	}
	mux.Handle("/", s.handle(route{fn: func(c *call) (any, *apiError) {
		switch methods[c.path] {
		case "GET":
			return nil, fail(CodeRequireGET)
		case "POST":
			return nil, fail(CodeRequirePOST)
		}
		return nil, fail(CodeInvalidURL)
	}}))
	return mux
}
