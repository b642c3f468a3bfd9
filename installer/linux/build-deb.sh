#!/usr/bin/env bash
# Builds a Debian package of the kiosk (or of the hub) with dpkg-deb.
#
#   installer/linux/build-deb.sh kiosk       -> dist/kiosk_<version>-<rev>_amd64.deb
#   installer/linux/build-deb.sh kiosk-hub   -> dist/kiosk-hub_<version>-<rev>_amd64.deb
#
# Environment: DEB_REVISION (default 1), DEB_OUT (default dist), PIP (default .venv/bin/pip),
# DEB_PYTHON (default /usr/bin/python3.11, Debian's Python the package depends on),
# DEB_COMPRESSION (default "gzip 6"; "xz 6" is 20% smaller but takes minutes, not seconds),
# DEB_REUSE_STAGE=1 (keep the venv staged by the previous build: a quick rebuild with another
# revision, used by the tests to upgrade a package over itself).
#
# How the self-contained application is made (see docs/deploy.md, "How the package is built"):
# a virtual environment is created with Debian's Python in the staging tree at
# <stage>/opt/<package>/venv, the project wheel and its dependencies are installed into it with
# pip (from pip's configured index or local wheels), and the few files a venv writes its own
# absolute path into (script shebangs, activate scripts, pyvenv.cfg) are rewritten to the final
# path /opt/<package>/venv. The build then refuses to finish if the staging path is left in any
# file. No bytecode is shipped: postinst compiles it and prerm removes it, as Debian does.
set -euo pipefail

package="${1:?usage: build-deb.sh kiosk|kiosk-hub}"
case "$package" in
  kiosk | kiosk-hub) ;;
  *) echo "build-deb: unknown package '$package' (kiosk or kiosk-hub)" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
cd "$top"
revision="${DEB_REVISION:-1}"
out="${DEB_OUT:-dist}"
pip="${PIP:-$top/.venv/bin/pip}"
python="${DEB_PYTHON:-/usr/bin/python3.11}"
arch="$(dpkg --print-architecture)"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' kiosk/__init__.py)"
[ -n "$version" ] || { echo "build-deb: no __version__ in kiosk/__init__.py" >&2; exit 1; }
debversion="$version-$revision"

for tool in dpkg-deb "$python" "$pip"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-deb: '$tool' is missing" >&2; exit 1; }
done
"$python" -c 'import venv' 2>/dev/null || {
  echo "build-deb: $python has no venv module; apt-get install python3-venv" >&2; exit 1; }

work="$top/build/deb"
stage="$work/$package"
prefix="/opt/$package"
started=$(date +%s)

venv="$stage$prefix/venv"
if [ "${DEB_REUSE_STAGE:-0}" = 1 ] && [ -x "$venv/bin/python" ]; then
  echo "build-deb: reusing the venv staged in $stage"
  rm -rf "$stage/DEBIAN"
  pip_done=$started
else
  echo "build-deb: building the kiosk wheel"
  rm -rf "$work/wheel"
  "$pip" wheel --quiet --no-deps -w "$work/wheel" . 2> >(grep -v "is ignored: it is neither" >&2)
  wheel="$(ls "$work"/wheel/kiosk-"$version"-*.whl)"

  echo "build-deb: creating $prefix/venv in $stage"
  rm -rf "$stage"
  mkdir -p "$stage$prefix"
  "$python" -m venv --without-pip "$stage$prefix/venv"
  vpy="$stage$prefix/venv/bin/python"
  pip_install=("$pip" --python "$vpy" install --quiet --no-compile --no-warn-script-location
               --disable-pip-version-check)
  if [ "$package" = kiosk ]; then
    "${pip_install[@]}" "$wheel" 2> >(grep -v "is ignored: it is neither" >&2)
  else
    # The hub needs no Qt: install the project without its dependencies, then every dependency
    # of the project and of its [hub] extra except PySide6.
    "${pip_install[@]}" --no-deps "$wheel"
    mapfile -t requirements < <("$vpy" - <<'EOF'
from importlib.metadata import requires
import re
for req in requires("kiosk") or []:
    name = re.split(r"[ ;<>=!~\[]", req, maxsplit=1)[0]
    marker = req.partition(";")[2]
    if name.lower().startswith("pyside6"):
        continue
    if "extra" in marker and "hub" not in marker:
        continue
    print(req.partition(";")[0].strip())
EOF
    )
    "${pip_install[@]}" "${requirements[@]}" 2> >(grep -v "is ignored: it is neither" >&2)
    if "$vpy" -c 'import PySide6' 2>/dev/null; then
      echo "build-deb: PySide6 ended up in the hub's venv" >&2; exit 1
    fi
  fi
  pip_done=$(date +%s)

  echo "build-deb: relocating the venv to $prefix/venv"
  find "$venv/bin" -maxdepth 1 -type f -print0 | while IFS= read -r -d '' file; do
    if grep -qF "$stage" "$file"; then
      sed -i "s|$stage$prefix|$prefix|g" "$file"
    fi
  done
  sed -i "s|$stage$prefix|$prefix|g" "$venv/pyvenv.cfg"
  find "$venv" -name direct_url.json -path '*.dist-info/*' -delete
  find "$venv" -name __pycache__ -type d -prune -exec rm -rf {} +
  find "$venv" -name .gitignore -type f -delete
  if left="$(grep -rlF "$stage" "$stage" | head -5)" && [ -n "$left" ]; then
    echo "build-deb: the staging path is still written in:" >&2
    echo "$left" >&2
    exit 1
  fi
fi

echo "build-deb: adding the package's own files"
cp -a "$here/$package/root/." "$stage/"
docdir="$stage/usr/share/doc/$package"
mkdir -p "$docdir" "$stage/DEBIAN"
cp "$here/common/copyright" "$docdir/copyright"
sed "s/@VERSION@/$debversion/; s/@PACKAGE@/$package/" "$here/common/changelog.in" \
  | gzip -9n > "$docdir/changelog.Debian.gz"
if [ "$package" = kiosk ]; then
  mkdir -p "$stage/etc/kiosk"
  cp resources/config.example.toml "$stage/etc/kiosk/config.toml"
fi
if [ -f "$here/$package/lintian-overrides" ]; then
  mkdir -p "$stage/usr/share/lintian/overrides"
  cp "$here/$package/lintian-overrides" "$stage/usr/share/lintian/overrides/$package"
fi

# Ordinary permissions: nothing group- or world-writable; keep the executable bits.
chmod -R u+rwX,go+rX,go-w "$stage"
find "$stage/opt" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} +
find "$stage/usr/share" "$stage/etc" "$stage/lib" -type f -exec chmod 0644 {} +

for script in postinst prerm postrm; do
  install -m 0755 "$here/$package/$script" "$stage/DEBIAN/$script"
done
(cd "$stage" && find etc -type f | sort | sed 's|^|/|') > "$stage/DEBIAN/conffiles"
installed_size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
# control.in keeps Depends readable on several lines; a binary package's fields are one line.
sed -e "s/@VERSION@/$debversion/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  "$here/$package/control.in" \
  | awk '/^Depends:/ { dep = 1; line = $0; next }
         dep && /^ / { sub(/^ +/, " "); line = line $0; next }
         dep { print line; dep = 0 }
         { print }
         END { if (dep) print line }' > "$stage/DEBIAN/control"

mkdir -p "$out"
deb="$out/${package}_${debversion}_${arch}.deb"
# gzip -6 packs the kiosk's 740 MB in about 35 s; xz -6 took almost 7 minutes (xz -1: 1 min),
# and lintian refuses zstd members.
read -r compressor level <<< "${DEB_COMPRESSION:-gzip 6}"
dpkg-deb --root-owner-group -Z"$compressor" -z"$level" --threads-max="$(nproc)" \
  --build "$stage" "$deb" >/dev/null
ended=$(date +%s)
echo "build-deb: $deb ($(du -h "$deb" | cut -f1), installed $((installed_size / 1024)) MB;" \
  "pip $((pip_done - started)) s, total $((ended - started)) s)"
