# syntax=docker/dockerfile:1
#
# govmedia's image: one static binary on an empty base, run as a numeric
# non-root user, with nothing else in it but what the binary reads. Build it
# from the repository root (`docker build -t govmedia .`); deploy/compose.yaml
# builds it too. deploy/dockerfile_test.go checks this file and builds the
# binary with the very `go build` line below.
#
# The bases come from Docker Hub (golang, debian), which registry mirrors in
# China carry; the final stage is `scratch`, so it pulls nothing at all.

# The binary: pure Go (no cgo), so it runs without a C library.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/govmedia ./cmd/govmedia

# What the binary reads besides itself, from Debian's packages: the CA
# bundle (Telegram's and WeChat's APIs over HTTPS), the zone data of
# Asia/Shanghai (for TZ=Asia/Shanghai; the service's own dates use a fixed
# UTC+8, govmedia.ChinaTime, and need none), and WenQuanYi Micro Hei, the
# Chinese font the quarterly bulletin's chart is drawn with (at the first
# place oversight/font.go looks). /tmp is for temporary files (large
# spreadsheets are unpacked there).
FROM debian:bookworm-slim AS files
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -m 1777 /empty-tmp

# No shell, no package manager, no user database: the service runs as UID
# and GID 65532, which own nothing in the image but /tmp.
FROM scratch
COPY --from=files /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=files /usr/share/zoneinfo/Asia/Shanghai /usr/share/zoneinfo/Asia/Shanghai
COPY --from=files /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
COPY --from=files --chown=65532:65532 /empty-tmp /tmp
COPY --from=build /out/govmedia /usr/local/bin/govmedia
USER 65532:65532
# Inside a container loopback is the container's own: /metrics listens on
# every interface of it, and the host publishes that port on its loopback
# only (see deploy/compose.yaml).
ENV GOVMEDIA_HTTP_ADDR=:8080 GOVMEDIA_METRICS_ADDR=:9090
EXPOSE 8080 9090
# No HEALTHCHECK: there is no shell or curl to run one. Probe over HTTP
# from outside instead: GET /healthz on 8080 (the process answers: liveness)
# and GET /readyz (200 while the database answers: readiness).
ENTRYPOINT ["/usr/local/bin/govmedia"]
CMD ["serve"]
