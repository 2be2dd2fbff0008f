#!/usr/bin/env bash
# Install the Debian packages the tests start themselves, when they are missing.
set -euo pipefail
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
# pdftotext: `resolute ingest` and `resolute parse` read PDF resolutions with it
command -v pdftotext >/dev/null || need+=(poppler-utils)
# Chinese glyphs for the widget's browser tests and screenshots
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
