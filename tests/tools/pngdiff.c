// SPDX-License-Identifier: GPL-2.0
/*
 * pngdiff A.png B.png [MAX_PERCENT]: compares two renderings pixel by
 * pixel, for the `config show --svg` test (tests/tools/run).  A pixel
 * differs when one of its channels differs by more than 48 of 255
 * (anti-aliasing moves edges by less); the images match when they have the
 * same size and at most MAX_PERCENT (default 0.5) of the pixels differ.
 *
 * Reads what rsvg-convert writes: 8-bit RGB or RGBA, not interlaced (the
 * PNG specification, ISO/IEC 15948: chunks, zlib-compressed IDAT,
 * per-line filters 0-4).  Exit status: 0 match, 1 differ, 2 unreadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CHANNEL_TOLERANCE 48

struct image {
	unsigned int width, height, channels;
	unsigned char *pixels; /* width * channels bytes per line */
};

static unsigned int be32(const unsigned char *p)
{
	return (unsigned int)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static unsigned char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(len);
		if (buf && fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = len;
	}
	fclose(f);
	return buf;
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

/* Undoes the filter of each line in place; raw has a filter byte per line. */
static int unfilter(struct image *img, unsigned char *raw)
{
	size_t stride = (size_t)img->width * img->channels, x;
	unsigned int bpp = img->channels, y;

	for (y = 0; y < img->height; y++) {
		unsigned char type = raw[y * (stride + 1)];
		unsigned char *line = raw + y * (stride + 1) + 1;
		unsigned char *prev = y ? img->pixels + (y - 1) * stride : NULL;
		unsigned char *out = img->pixels + y * stride;

		for (x = 0; x < stride; x++) {
			int a = x >= bpp ? out[x - bpp] : 0;
			int b = prev ? prev[x] : 0;
			int c = prev && x >= bpp ? prev[x - bpp] : 0;
			int v = line[x];

			switch (type) {
			case 0:
				break;
			case 1:
				v += a;
				break;
			case 2:
				v += b;
				break;
			case 3:
				v += (a + b) / 2;
				break;
			case 4:
				v += paeth(a, b, c);
				break;
			default:
				return -1;
			}
			out[x] = v & 0xff;
		}
	}
	return 0;
}

static int load(const char *path, struct image *img)
{
	size_t size, pos = 8, idat_len = 0, raw_len;
	unsigned char *file = read_all(path, &size), *idat = NULL, *raw;
	uLongf out_len;
	int ok = 0;

	if (!file || size < 8 + 25 || memcmp(file, "\x89PNG\r\n\x1a\n", 8)) {
		fprintf(stderr, "pngdiff: %s: not a PNG file\n", path);
		free(file);
		return -1;
	}
	while (pos + 12 <= size) {
		unsigned int len = be32(file + pos);
		const unsigned char *type = file + pos + 4, *data = type + 4;

		if (len > size - pos - 12)
			break;
		if (!memcmp(type, "IHDR", 4) && len >= 13) {
			img->width = be32(data);
			img->height = be32(data + 4);
			img->channels = data[9] == 6 ? 4 : data[9] == 2 ? 3 : 0;
			if (data[8] != 8 || !img->channels || data[12] ||
			    img->width > 16384 || img->height > 16384)
				break;
		} else if (!memcmp(type, "IDAT", 4)) {
			unsigned char *grown = realloc(idat, idat_len + len);

			if (!grown)
				break;
			idat = grown;
			memcpy(idat + idat_len, data, len);
			idat_len += len;
		} else if (!memcmp(type, "IEND", 4)) {
			ok = img->channels != 0;
			break;
		}
		pos += 12 + len;
	}
	free(file);
	if (!ok) {
		fprintf(stderr,
			"pngdiff: %s: not an 8-bit RGB(A) non-interlaced PNG\n",
			path);
		free(idat);
		return -1;
	}
	raw_len = (size_t)img->height * (img->width * img->channels + 1);
	raw = malloc(raw_len);
	img->pixels = malloc(raw_len);
	out_len = raw_len;
	if (!raw || !img->pixels ||
	    uncompress(raw, &out_len, idat, idat_len) != Z_OK ||
	    out_len != raw_len || unfilter(img, raw)) {
		fprintf(stderr, "pngdiff: %s: damaged image data\n", path);
		ok = 0;
	}
	free(raw);
	free(idat);
	return ok ? 0 : -1;
}

/* Channel c of pixel i as RGBA (RGB gets an opaque alpha). */
static int channel(const struct image *img, size_t i, unsigned int c)
{
	if (c == 3 && img->channels == 3)
		return 255;
	return img->pixels[i * img->channels + c];
}

int main(int argc, char **argv)
{
	double max_percent = argc > 3 ? atof(argv[3]) : 0.5, percent;
	struct image a = { 0 }, b = { 0 };
	size_t i, total, differ = 0;
	unsigned int c;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: pngdiff A.png B.png [MAX_PERCENT]\n");
		return 2;
	}
	if (load(argv[1], &a) || load(argv[2], &b))
		return 2;
	if (a.width != b.width || a.height != b.height) {
		printf("pngdiff: sizes differ: %ux%u and %ux%u\n", a.width,
		       a.height, b.width, b.height);
		return 1;
	}
	total = (size_t)a.width * a.height;
	for (i = 0; i < total; i++)
		for (c = 0; c < 4; c++)
			if (abs(channel(&a, i, c) - channel(&b, i, c)) >
			    CHANNEL_TOLERANCE) {
				differ++;
				break;
			}
	percent = total ? 100.0 * differ / total : 0;
	printf("pngdiff: %zu of %zu pixels differ (%.3f%%, at most %.3f%% "
	       "allowed)\n",
	       differ, total, percent, max_percent);
	free(a.pixels);
	free(b.pixels);
	return percent <= max_percent ? 0 : 1;
}
