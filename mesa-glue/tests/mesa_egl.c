// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * EGL against the Duet render node: device enumeration lists exactly the
 * render nodes sysfs has (virtio-gpu's and Duet's), never an accel node;
 * a display on each device initialises or fails cleanly; the surfaceless
 * platform renders.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES2/gl2.h>

#include "common.h"

#ifndef EGL_DRM_RENDER_NODE_FILE_EXT
#define EGL_DRM_RENDER_NODE_FILE_EXT 0x3377
#endif

#define MAX_DEVICES 16

static PFNEGLQUERYDEVICESEXTPROC query_devices;
static PFNEGLQUERYDEVICESTRINGEXTPROC query_device_string;
static PFNEGLGETPLATFORMDISPLAYEXTPROC get_platform_display;

static bool has_ext(const char *list, const char *ext)
{
	size_t n = strlen(ext);
	const char *p = list;

	while (p && (p = strstr(p, ext))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

/* Child: initialise a display on @arg (an EGLDeviceEXT); 0 ok, 1 clean failure. */
static int init_device_display(void *arg)
{
	EGLDisplay dpy = get_platform_display(EGL_PLATFORM_DEVICE_EXT, arg, NULL);
	EGLint major, minor, err;

	if (dpy == EGL_NO_DISPLAY) {
		diag("  eglGetPlatformDisplayEXT: EGL_NO_DISPLAY, error 0x%x",
		     eglGetError());
		return 1;
	}
	if (!eglInitialize(dpy, &major, &minor)) {
		err = eglGetError();
		diag("  eglInitialize failed, error 0x%x", err);
		/* The clean failures EGL 1.5 allows for an unusable device. */
		return err == EGL_NOT_INITIALIZED || err == EGL_BAD_ACCESS ||
		       err == EGL_BAD_DISPLAY ? 1 : 3;
	}
	diag("  EGL %d.%d, vendor %s", major, minor,
	     eglQueryString(dpy, EGL_VENDOR));
	eglTerminate(dpy);
	return 0;
}

/* Child: a GLES2 context on the surfaceless platform clears an FBO. */
static int surfaceless_render(void *arg)
{
	static const EGLint cfg_attr[] = {
		EGL_RENDERABLE_TYPE, EGL_OPENGL_ES2_BIT,
		EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE };
	static const EGLint ctx_attr[] = {
		EGL_CONTEXT_CLIENT_VERSION, 2, EGL_NONE };
	unsigned char px[4 * 4 * 4];
	GLuint fbo, rb;
	EGLDisplay dpy;
	EGLConfig cfg;
	EGLContext ctx;
	EGLint n;
	int i;

	(void)arg;
	dpy = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA,
				   EGL_DEFAULT_DISPLAY, NULL);
	if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, NULL, NULL)) {
		diag("surfaceless: no display (0x%x)", eglGetError());
		return 1;
	}
	if (!eglChooseConfig(dpy, cfg_attr, &cfg, 1, &n) || n < 1) {
		/* Surfaceless has no pbuffers in some versions: any ES2 config. */
		static const EGLint any[] = {
			EGL_RENDERABLE_TYPE, EGL_OPENGL_ES2_BIT, EGL_NONE };

		if (!eglChooseConfig(dpy, any, &cfg, 1, &n) || n < 1) {
			diag("surfaceless: no ES2 config");
			return 1;
		}
	}
	eglBindAPI(EGL_OPENGL_ES_API);
	ctx = eglCreateContext(dpy, cfg, EGL_NO_CONTEXT, ctx_attr);
	if (ctx == EGL_NO_CONTEXT ||
	    !eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
		diag("surfaceless: no current context (0x%x)", eglGetError());
		return 1;
	}
	diag("surfaceless: GL_RENDERER %s, GL_VERSION %s",
	     (const char *)glGetString(GL_RENDERER),
	     (const char *)glGetString(GL_VERSION));
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glGenRenderbuffers(1, &rb);
	glBindRenderbuffer(GL_RENDERBUFFER, rb);
	glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA4, 4, 4);
	glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
				  GL_RENDERBUFFER, rb);
	if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		diag("surfaceless: FBO incomplete");
		return 1;
	}
	glClearColor(1.0f, 0.0f, 1.0f, 1.0f);
	glClear(GL_COLOR_BUFFER_BIT);
	glReadPixels(0, 0, 4, 4, GL_RGBA, GL_UNSIGNED_BYTE, px);
	for (i = 0; i < 16; i++)
		if (px[4 * i] != 255 || px[4 * i + 1] != 0 ||
		    px[4 * i + 2] != 255 || px[4 * i + 3] != 255) {
			diag("surfaceless: pixel %d is %02x%02x%02x%02x", i,
			     px[4 * i], px[4 * i + 1], px[4 * i + 2],
			     px[4 * i + 3]);
			return 1;
		}
	eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	eglDestroyContext(dpy, ctx);
	eglTerminate(dpy);
	return 0;
}

int main(void)
{
	struct render_node nodes[MAX_NODES];
	EGLDeviceEXT devs[MAX_DEVICES];
	bool listed[MAX_NODES] = { false };
	const char *cext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
	int n_nodes = sysfs_render_nodes(nodes, MAX_NODES);
	int i, j, n_listable, n_drm = 0, duet_listed = 0, bad = 0, unknown = 0;
	EGLint n_devs = 0;
	char name[96];

	diag("sysfs: %d render node(s)", n_nodes);
	for (i = 0; i < n_nodes; i++)
		diag("  %s: %s %04x:%04x driver %s%s", nodes[i].path,
		     nodes[i].bus, nodes[i].vendor, nodes[i].device,
		     nodes[i].driver, nodes[i].duet ? " (Duet)" : "");

	if (!cext || !has_ext(cext, "EGL_EXT_device_enumeration") ||
	    !has_ext(cext, "EGL_EXT_platform_device")) {
		tap_fail("egl-device-enumeration",
			 "no EGL_EXT_device_enumeration/platform_device: %s",
			 cext ? cext : "(null)");
		return tap_status();
	}
	query_devices = (void *)eglGetProcAddress("eglQueryDevicesEXT");
	query_device_string =
		(void *)eglGetProcAddress("eglQueryDeviceStringEXT");
	get_platform_display =
		(void *)eglGetProcAddress("eglGetPlatformDisplayEXT");
	if (!query_devices || !query_device_string || !get_platform_display ||
	    !query_devices(MAX_DEVICES, devs, &n_devs)) {
		tap_fail("egl-device-enumeration", "eglQueryDevicesEXT failed");
		return tap_status();
	}
	tap_check(n_devs > 0, "egl-device-enumeration", "no EGL device");

	for (i = 0; i < n_devs; i++) {
		const char *ext = query_device_string(devs[i], EGL_EXTENSIONS);
		const char *file = NULL, *render = NULL;
		struct stat st;

		if (ext && has_ext(ext, "EGL_EXT_device_drm"))
			file = query_device_string(devs[i],
						   EGL_DRM_DEVICE_FILE_EXT);
		if (ext && has_ext(ext, "EGL_EXT_device_drm_render_node"))
			render = query_device_string(devs[i],
						     EGL_DRM_RENDER_NODE_FILE_EXT);
		diag("EGL device %d: %s%s%s%s", i,
		     ext && has_ext(ext, "EGL_MESA_device_software") ?
		     "software " : "",
		     file ? file : "", render ? " render " : "",
		     render ? render : "");
		if (!file && !render)
			continue;
		n_drm++;
		if ((file && strstr(file, "accel")) ||
		    (render && strstr(render, "accel"))) {
			bad++;
			continue;
		}
		if (!render)
			continue;
		/* The render node must be one of sysfs' (same dev_t). */
		if (stat(render, &st) || major(st.st_rdev) == ACCEL_MAJOR) {
			bad++;
			continue;
		}
		for (j = 0; j < n_nodes; j++)
			if (nodes[j].devt == st.st_rdev)
				break;
		if (j == n_nodes) {
			unknown++;
			continue;
		}
		listed[j] = true;
		duet_listed += nodes[j].duet;
	}
	diag("EGL: %d device(s), %d DRM device(s)", n_devs, n_drm);

	tap_check(bad == 0, "egl-no-accel-device",
		  "%d EGL device(s) name an accel node", bad);
	/*
	 * EGL lists exactly the render nodes libdrm can list: every one on a
	 * bus libdrm knows, none that libdrm cannot see.
	 */
	for (j = 0, i = 0, n_listable = 0; j < n_nodes; j++) {
		if (!libdrm_lists_bus(nodes[j].bus)) {
			diag("%s: bus %s, which libdrm cannot list: %s", nodes[j].path,
			     nodes[j].bus, listed[j] ? "listed by EGL" : "not listed");
			unknown += listed[j];
			continue;
		}
		n_listable++;
		i += listed[j];
	}
	tap_check(n_listable > 0 && i == n_listable && unknown == 0, "egl-drm-render-nodes-match-sysfs",
		  "EGL render nodes: %d of %d sysfs render nodes on libdrm's buses, %d unknown",
		  i, n_listable, unknown);
	for (j = 0, i = 0; j < n_nodes; j++)
		i += nodes[j].duet;
	tap_check(i > 0 && duet_listed == i, "egl-lists-duet-render-node",
		  "EGL lists %d of %d Duet render node(s)", duet_listed, i);

	/* A display on each device: works, or fails cleanly. */
	for (i = 0; i < n_devs; i++) {
		int st = run_isolated(init_device_display, devs[i]);

		snprintf(name, sizeof(name), "egl-device%d-display", i);
		if (st == 0)
			diag("device %d: display initialised", i);
		else if (st == 1)
			diag("device %d: display failed cleanly", i);
		tap_check(st == 0 || st == 1, name,
			  "device %d: status %d (crash or unexpected error)",
			  i, st);
	}

	if (!has_ext(cext, "EGL_MESA_platform_surfaceless")) {
		tap_skip("egl-surfaceless", "no EGL_MESA_platform_surfaceless");
	} else {
		int st = run_isolated(surfaceless_render, NULL);

		tap_check(st == 0, "egl-surfaceless",
			  "surfaceless GLES2 clear failed (status %d)", st);
	}
	return tap_status();
}
