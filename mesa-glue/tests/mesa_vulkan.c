// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Vulkan: an instance, its physical devices (lavapipe at least), a device
 * and queue on each; VK_EXT_physical_device_drm, where a driver offers
 * it, names a render node sysfs knows and never an accel node.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include <vulkan/vulkan.h>

#include "common.h"

#define MAX_PHYS 16

static bool dev_has_ext(VkPhysicalDevice pd, const char *name)
{
	VkExtensionProperties *props;
	uint32_t n = 0, i;
	bool found = false;

	if (vkEnumerateDeviceExtensionProperties(pd, NULL, &n, NULL) != VK_SUCCESS)
		return false;
	props = calloc(n ? n : 1, sizeof(*props));
	if (vkEnumerateDeviceExtensionProperties(pd, NULL, &n, props) == VK_SUCCESS)
		for (i = 0; i < n; i++)
			if (!strcmp(props[i].extensionName, name))
				found = true;
	free(props);
	return found;
}

int main(void)
{
	static const char *const types[] = {
		"other", "integrated", "discrete", "virtual", "cpu" };
	struct render_node nodes[MAX_NODES];
	int n_nodes = sysfs_render_nodes(nodes, MAX_NODES);
	VkApplicationInfo app = {
		.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
		.pApplicationName = "duet-mesa-vulkan",
		.apiVersion = VK_API_VERSION_1_1,
	};
	VkInstanceCreateInfo ici = {
		.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
		.pApplicationInfo = &app,
	};
	VkPhysicalDevice pds[MAX_PHYS];
	uint32_t n_pd = MAX_PHYS, i;
	int cpu = 0, drm_ext = 0, drm_bad = 0, dev_ok = 0;
	VkInstance inst;
	VkResult r;

	r = vkCreateInstance(&ici, NULL, &inst);
	tap_check(r == VK_SUCCESS, "vulkan-instance", "vkCreateInstance: %d", r);
	if (r != VK_SUCCESS)
		return tap_status();
	r = vkEnumeratePhysicalDevices(inst, &n_pd, pds);
	tap_check((r == VK_SUCCESS || r == VK_INCOMPLETE) && n_pd > 0,
		  "vulkan-physical-devices", "vkEnumeratePhysicalDevices: %d, %u",
		  r, n_pd);

	for (i = 0; i < n_pd && (r == VK_SUCCESS || r == VK_INCOMPLETE); i++) {
		VkPhysicalDeviceDrmPropertiesEXT drm = {
			.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRM_PROPERTIES_EXT,
		};
		VkPhysicalDeviceProperties2 p2 = {
			.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
		};
		float prio = 1.0f;
		VkDeviceQueueCreateInfo qci = {
			.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
			.queueFamilyIndex = 0,
			.queueCount = 1,
			.pQueuePriorities = &prio,
		};
		VkDeviceCreateInfo dci = {
			.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
			.queueCreateInfoCount = 1,
			.pQueueCreateInfos = &qci,
		};
		bool has_drm = dev_has_ext(pds[i], "VK_EXT_physical_device_drm");
		VkDevice dev;
		VkQueue q;

		if (has_drm)
			p2.pNext = &drm;
		vkGetPhysicalDeviceProperties2(pds[i], &p2);
		diag("physical device %u: %s (%s, vendor 0x%04x device 0x%04x)%s",
		     i, p2.properties.deviceName,
		     p2.properties.deviceType < 5 ?
		     types[p2.properties.deviceType] : "?",
		     p2.properties.vendorID, p2.properties.deviceID,
		     has_drm ? ", VK_EXT_physical_device_drm" : "");
		cpu += p2.properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
		if (has_drm) {
			drm_ext++;
			diag("  drm: primary %s %ld:%ld, render %s %ld:%ld",
			     drm.hasPrimary ? "yes" : "no",
			     (long)drm.primaryMajor, (long)drm.primaryMinor,
			     drm.hasRender ? "yes" : "no",
			     (long)drm.renderMajor, (long)drm.renderMinor);
			if (drm.hasRender) {
				dev_t d = makedev(drm.renderMajor,
						  drm.renderMinor);
				int j;

				for (j = 0; j < n_nodes; j++)
					if (nodes[j].devt == d)
						break;
				if (j == n_nodes || drm.renderMajor == ACCEL_MAJOR)
					drm_bad++;
			}
			if ((drm.hasPrimary && drm.primaryMajor == ACCEL_MAJOR))
				drm_bad++;
		}
		if (vkCreateDevice(pds[i], &dci, NULL, &dev) == VK_SUCCESS) {
			vkGetDeviceQueue(dev, 0, 0, &q);
			if (q && vkQueueWaitIdle(q) == VK_SUCCESS)
				dev_ok++;
			vkDestroyDevice(dev, NULL);
		} else {
			diag("  vkCreateDevice failed");
		}
	}
	tap_check(cpu > 0, "vulkan-lavapipe", "no CPU (lavapipe) device");
	tap_check(dev_ok == (int)n_pd, "vulkan-device-create",
		  "%d of %u devices created and idled", dev_ok, n_pd);
	if (drm_ext)
		tap_check(drm_bad == 0, "vulkan-drm-properties",
			  "%d device(s) name a node sysfs lacks or an accel node",
			  drm_bad);
	else
		tap_skip("vulkan-drm-properties",
			 "no device offers VK_EXT_physical_device_drm");
	vkDestroyInstance(inst, NULL);
	return tap_status();
}
