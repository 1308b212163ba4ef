#!/bin/sh
# Install what ntm needs to build, run and test, from Debian's packages (and
# the npm registry for the test tools).  Idempotent: prints nothing and does
# nothing when everything is already there.  Run as root or with sudo.
set -eu

# Build and run.
PKGS="gcc make pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev
libsqlite3-dev libutf8proc-dev sqlite3"
# Tests, sanitizers, fuzzing, benchmarks, browser.
PKGS="$PKGS libcmocka-dev clang libclang-rt-14-dev nginx wrk curl valgrind chromium"
# Exports of surveys: PDF (cairo + pango), QR codes, XLSX; a font with
# Vietnamese coverage for pango (DejaVu has all of Latin Extended Additional);
# pdftotext/pdfinfo/pdftoppm for the tests and the docs' sample.
PKGS="$PKGS libcairo2-dev libpango1.0-dev libqrencode-dev libxlsxwriter-dev
fonts-dejavu-core poppler-utils"
# Uploads (dossier attachments): libmagic decides a file's type by its
# content, with the magic database of file(1).
PKGS="$PKGS libmagic-dev libmagic-mgc"
# Reading uploaded XLSX (reports): libzip opens the zip, expat reads its XML.
PKGS="$PKGS libzip-dev libexpat1-dev"
# Static files: gzip-compressed once, sent as they are to every client that
# accepts it (zlib).
PKGS="$PKGS zlib1g-dev"
# OCOP product photos: a JPEG is decoded (libjpeg-turbo, scaled while
# decoding) to draw its thumbnail with cairo.
PKGS="$PKGS libjpeg62-turbo-dev"
# PostgreSQL: libpq to build the backend, the server (and psql, pg_dump,
# pg_restore) for the private test cluster of scripts/pg-cluster.sh.
PKGS="$PKGS libpq-dev postgresql-15"
# Data exchange: libcurl sends the webhooks (HTTPS) and the e-mail (SMTP with
# TLS); the tests receive the mail with a real local SMTP server (aiosmtpd).
PKGS="$PKGS libcurl4-openssl-dev python3-aiosmtpd"
# A national service (docs/DEPLOY.md): pg_auto_failover (monitor, primary,
# synchronous standby) and pgbouncer, for the failover and pooling tests.
PKGS="$PKGS postgresql-15-auto-failover pg-auto-failover-cli pgbouncer"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps: done"
