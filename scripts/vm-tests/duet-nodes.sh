# duet-nodes.sh: sourced by the in-VM test scripts.
#
# duet_nodes: the device paths of every Duet render node (its sysfs device
# is the card's PCI function, bound to duet_core) and accel node (its
# device is the auxiliary device bound to duet_accel), one per line.
duet_nodes() {
	local n
	for n in /sys/class/drm/renderD* /sys/class/accel/accel*; do
		case "$(basename "$(readlink -f "$n/device/driver")")" in
		duet_core | duet_accel) sed -n 's,^DEVNAME=,/dev/,p' "$n/uevent" ;;
		esac
	done
}
