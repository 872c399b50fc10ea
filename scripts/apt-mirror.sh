# shellcheck shell=bash
# apt-mirror.sh: sourced. Debian packages from the mirror of this machine's
# own apt sources, without touching the host's package state.
#
#   host_mirror                      the mirror URI of /etc/apt's sources
#   apt_private_download DIR SUITE PACKAGE DEST
#                                    download PACKAGE of SUITE (e.g.
#                                    trixie-backports) into DEST with a
#                                    private apt configuration in DIR
# No host name is written anywhere but DIR (the cache).

host_mirror() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++)
			if ($i !~ /security/) { print $i; exit } }' "$f")
		[ -z "$uri" ] || { echo "${uri%/}"; return 0; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++)
			if ($i ~ /:\/\// && $i !~ /security/) { print $i; exit } }' "$f")
		[ -z "$uri" ] || { echo "${uri%/}"; return 0; }
	done
	return 1
}

apt_private_download() { # DIR SUITE PACKAGE DEST
	local dir=$1 suite=$2 pkg=$3 dest=$4 mirror
	mirror=$(host_mirror) || { echo "apt-mirror: no mirror in /etc/apt" >&2; return 1; }
	mkdir -p "$dir/etc/apt.conf.d" "$dir/etc/preferences.d" \
		"$dir/etc/sources.list.d" "$dir/state/lists/partial" \
		"$dir/cache/archives/partial" "$dest"
	printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$mirror" "$suite" >"$dir/etc/sources.list.d/duet.sources"
	local opts=(-o "Dir::Etc=$dir/etc" -o "Dir::State=$dir/state"
		    -o "Dir::Cache=$dir/cache" -o Dir::State::status=/dev/null
		    -o APT::Sandbox::User=root -q)
	apt-get "${opts[@]}" update >/dev/null &&
		(cd "$dest" && apt-get "${opts[@]}" download "$pkg")
}
