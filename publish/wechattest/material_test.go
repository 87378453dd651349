package wechattest

import (
	"net/url"
	"strings"
	"testing"
)

func TestUploadLimitsAndTypes(t *testing.T) {
	h := newHarness(t, Options{Limits: Limits{Thumb: 100, BodyImage: 200}})
	a := h.account("up")
	tok := h.token(a)
	add := "/cgi-bin/material/add_material"
	wantCode(t, "thumb over its limit", h.upload(add, tok, "thumb", "c.jpg", 101), CodeInvalidThumbSize)
	wantCode(t, "thumb that is a png", h.upload(add, tok, "thumb", "c.png", 10), CodeInvalidFileType)
	wantCode(t, "unknown type", h.upload(add, tok, "sticker", "c.jpg", 10), CodeInvalidMediaType)
	wantCode(t, "image as a text file", h.upload(add, tok, "image", "c.txt", 10), CodeInvalidFileType)
	wantCode(t, "thumb at its limit", h.upload(add, tok, "thumb", "c.jpg", 100), 0)

	img := h.upload("/cgi-bin/media/uploadimg", tok, "", "body.png", 200)
	if img.code() != 0 || !strings.HasPrefix(img.str("url"), "http://mmbiz.qpic.cn/mmbiz_png/") {
		t.Fatalf("uploadimg = %v, want an mmbiz png URL", img)
	}
	wantCode(t, "body image over 1 MB cap", h.upload("/cgi-bin/media/uploadimg", tok, "", "body.png", 201), CodeInvalidImageSize)
	wantCode(t, "body image as gif", h.upload("/cgi-bin/media/uploadimg", tok, "", "body.gif", 10), CodeInvalidFileType)
	if c := h.s.Counts(a.AppID); c.MaterialsUploaded != 1 || c.BodyImagesUploaded != 1 {
		t.Fatalf("counts %+v, want 1 material and 1 body image", c)
	}
}

func TestTemporaryThumbIsNoCover(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("tmp")
	tok := h.token(a)
	media := h.upload("/cgi-bin/media/upload", tok, "thumb", "t.jpg", 10)
	if media.code() != 0 || media.str("type") != "thumb" || media.str("thumb_media_id") == "" {
		t.Fatalf("media/upload thumb = %v, want type and thumb_media_id", media)
	}
	r := h.post("/cgi-bin/draft/add", tok, map[string]any{"articles": []Article{{Title: "t", Content: "c", ThumbMediaID: media.str("thumb_media_id")}}})
	wantCode(t, "draft with a temporary cover", r, CodeInvalidMediaID)
}

func TestMaterialCountAndDelete(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("cnt")
	tok := h.token(a)
	id := h.cover(tok)
	h.upload("/cgi-bin/material/add_material", tok, "voice", "v.mp3", 10)
	count := h.get("/cgi-bin/material/get_materialcount", url.Values{"access_token": {tok}})
	if count.num("image_count") != 1 || count.num("voice_count") != 1 {
		t.Fatalf("materialcount = %v, want 1 image and 1 voice", count)
	}
	wantCode(t, "delete", h.post("/cgi-bin/material/del_material", tok, map[string]any{"media_id": id}), 0)
	wantCode(t, "delete again", h.post("/cgi-bin/material/del_material", tok, map[string]any{"media_id": id}), CodeInvalidMediaID)
}
