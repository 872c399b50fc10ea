// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * libdrm: drmGetDevices2() and drmGetDeviceFromDevId() agree with sysfs.
 * Every render node sysfs has on a PCI device is listed, Duet's as PCI
 * 1af4:1110; no listed node is an accel node.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <xf86drm.h>

#include "common.h"

#define MAX_DEVS 32

int main(void)
{
	struct render_node nodes[MAX_NODES];
	int n_nodes = sysfs_render_nodes(nodes, MAX_NODES);
	drmDevicePtr devs[MAX_DEVS];
	int n, i, j, k, accel = 0, found = 0, duet_ok = 0, duet_total = 0;
	int agree = 0, rendered = 0;

	n = drmGetDevices2(0, NULL, 0);
	tap_check(n > 0, "libdrm-count-devices", "drmGetDevices2(NULL): %d", n);
	n = drmGetDevices2(0, devs, MAX_DEVS);
	tap_check(n > 0, "libdrm-get-devices", "drmGetDevices2: %d", n);
	if (n <= 0)
		return tap_status();

	for (i = 0; i < n; i++) {
		for (k = 0; k < DRM_NODE_MAX; k++) {
			if (!(devs[i]->available_nodes & (1 << k)))
				continue;
			diag("drm device %d: bus %d node %s", i,
			     devs[i]->bustype, devs[i]->nodes[k]);
			if (strstr(devs[i]->nodes[k], "accel"))
				accel++;
		}
		/* Only PCI render nodes are compared (vgem is a platform one). */
		if (devs[i]->bustype != DRM_BUS_PCI ||
		    !(devs[i]->available_nodes & (1 << DRM_NODE_RENDER)))
			continue;
		rendered++;
	}
	tap_check(accel == 0, "libdrm-no-accel-node",
		  "%d accel node(s) listed", accel);

	for (j = 0; j < n_nodes; j++) {
		struct render_node *r = &nodes[j];
		drmDevicePtr byid = NULL;
		struct stat st;

		if (strcmp(r->bus, "pci"))
			continue;	/* libdrm lists PCI, USB, platform, host1x */
		duet_total += r->duet;
		for (i = 0; i < n; i++)
			if ((devs[i]->available_nodes & (1 << DRM_NODE_RENDER)) &&
			    !stat(devs[i]->nodes[DRM_NODE_RENDER], &st) &&
			    st.st_rdev == r->devt)
				break;
		if (i == n) {
			diag("%s missing from drmGetDevices2", r->path);
			continue;
		}
		found++;
		if (r->duet && devs[i]->bustype == DRM_BUS_PCI &&
		    devs[i]->deviceinfo.pci->vendor_id == 0x1af4 &&
		    devs[i]->deviceinfo.pci->device_id == 0x1110)
			duet_ok++;
		if (drmGetDeviceFromDevId(r->devt, 0, &byid) == 0) {
			if (drmDevicesEqual(byid, devs[i]))
				agree++;
			else
				diag("%s: drmGetDeviceFromDevId differs", r->path);
			drmFreeDevice(&byid);
		} else {
			diag("%s: drmGetDeviceFromDevId failed", r->path);
		}
	}
	for (j = 0, k = 0; j < n_nodes; j++)
		k += !strcmp(nodes[j].bus, "pci");
	diag("sysfs: %d PCI render node(s); libdrm: %d device(s), %d PCI with a render node",
	     k, n, rendered);
	tap_check(k > 0 && found == k && rendered == k,
		  "libdrm-render-nodes-match-sysfs",
		  "%d of %d sysfs PCI render nodes found, %d listed", found, k,
		  rendered);
	tap_check(duet_total > 0 && duet_ok == duet_total,
		  "libdrm-duet-pci-1af4-1110",
		  "%d of %d Duet render nodes listed as PCI 1af4:1110",
		  duet_ok, duet_total);
	tap_check(k > 0 && agree == k, "libdrm-devid-agrees",
		  "drmGetDeviceFromDevId agrees for %d of %d", agree, k);
	drmFreeDevices(devs, n);
	return tap_status();
}
