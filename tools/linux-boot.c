// SPDX-License-Identifier: GPL-2.0
/*
 * The bzImage check, the placement of a Linux kernel in a cell's RAM and
 * the zero page (see linux-boot.h).  Pure: no files, no driver.
 */
#include <stdio.h>
#include <string.h>

#include "linux-boot.h"

#define MIB (1024ULL * 1024)
#define PAGE 4096ULL

static __u16 get16(const __u8 *p, size_t off)
{
	return p[off] | p[off + 1] << 8;
}

static __u32 get32(const __u8 *p, size_t off)
{
	return get16(p, off) | (__u32)get16(p, off + 2) << 16;
}

static __u64 get64(const __u8 *p, size_t off)
{
	return get32(p, off) | (__u64)get32(p, off + 4) << 32;
}

static void put16(__u8 *p, size_t off, __u16 v)
{
	p[off] = v;
	p[off + 1] = v >> 8;
}

static void put32(__u8 *p, size_t off, __u32 v)
{
	put16(p, off, v);
	put16(p, off + 2, v >> 16);
}

static void put64(__u8 *p, size_t off, __u64 v)
{
	put32(p, off, v);
	put32(p, off + 4, v >> 32);
}

static __u64 align_up(__u64 v, __u64 a)
{
	return (v + a - 1) / a * a;
}

static __u64 align_down(__u64 v, __u64 a)
{
	return v / a * a;
}

static int refuse(char *why, size_t why_len, const char *text)
{
	snprintf(why, why_len, "%s", text);
	return -1;
}

/* The header fields this loader relies on exist since protocol 2.12. */
static void read_header(const __u8 *b, struct linux_image *img)
{
	img->version = get16(b, HDR_VERSION);
	img->xloadflags = get16(b, HDR_XLOADFLAGS);
	img->relocatable = b[HDR_RELOCATABLE];
	img->kernel_alignment = get32(b, HDR_KERNEL_ALIGNMENT);
	img->init_size = get32(b, HDR_INIT_SIZE);
	img->cmdline_size = get32(b, HDR_CMDLINE_SIZE);
	img->initrd_addr_max = get32(b, HDR_INITRD_ADDR_MAX);
	img->pref_address = get64(b, HDR_PREF_ADDRESS);
}

int linux_image_parse(const void *buf, size_t len, struct linux_image *img,
		      char *why, size_t why_len)
{
	const __u8 *b = buf;
	unsigned int sects;

	if (len < HDR_INIT_SIZE + 4 || get16(b, HDR_BOOT_FLAG) != 0xaa55)
		return refuse(why, why_len,
			      "is not a bzImage: no boot sector signature "
			      "0xAA55 at offset 0x1fe (a vmlinux or a "
			      "compressed file? use arch/x86/boot/bzImage)");
	if (memcmp(b + HDR_MAGIC, "HdrS", 4))
		return refuse(why, why_len,
			      "is not a bzImage: no \"HdrS\" setup header at "
			      "offset 0x202");
	memset(img, 0, sizeof(*img));
	read_header(b, img);
	if (img->version < LINUX_BOOT_MIN_VERSION) {
		snprintf(why, why_len,
			 "speaks boot protocol %u.%02u; the linux-loader needs "
			 "2.12 or newer (Linux 3.8 and later)",
			 img->version >> 8, img->version & 0xff);
		return -1;
	}
	if (!(img->xloadflags & XLF_KERNEL_64))
		return refuse(why, why_len,
			      "has no 64-bit entry point (XLF_KERNEL_64 is "
			      "clear): the linux-loader starts only x86-64 "
			      "kernels");
	sects = b[HDR_SETUP_SECTS] ? b[HDR_SETUP_SECTS] : 4;
	img->setup_size = (sects + 1) * 512;
	if (img->setup_size >= len)
		return refuse(why, why_len,
			      "is cut short: the file ends inside its "
			      "real-mode setup");
	if (!img->init_size || img->init_size < len - img->setup_size)
		return refuse(why, why_len,
			      "has an init_size smaller than its own "
			      "protected-mode part");
	if (img->kernel_alignment & (img->kernel_alignment - 1) ||
	    img->kernel_alignment < PAGE)
		return refuse(why, why_len,
			      "asks for a kernel alignment that is not a power "
			      "of two of at least 4 KiB");
	img->setup = b;
	img->kernel = b + img->setup_size;
	img->kernel_size = len - img->setup_size;
	return 0;
}

/* [start, start + size) inside one RAM range, clear of @busy (n pairs). */
static int fits(const struct linux_range *ranges, unsigned int num, __u64 start,
		__u64 size, const __u64 (*busy)[2], unsigned int num_busy)
{
	unsigned int n;
	int in_ram = 0;

	if (start + size < start)
		return 0;
	for (n = 0; n < num; n++)
		if (ranges[n].type == E820_RAM && start >= ranges[n].start &&
		    start + size <= ranges[n].start + ranges[n].size)
			in_ram = 1;
	for (n = 0; n < num_busy; n++)
		if (start < busy[n][0] + busy[n][1] &&
		    busy[n][0] < start + size)
			return 0;
	return in_ram;
}

static int place_boot_data(const struct linux_range *ranges, unsigned int num,
			   __u64 min, __u64 size, __u64 *at)
{
	unsigned int n;
	__u64 start;

	for (n = 0; n < num; n++) {
		if (ranges[n].type != E820_RAM)
			continue;
		start = align_up(ranges[n].start > min ? ranges[n].start : min,
				 PAGE);
		/* the zero page and command line pointers are 32-bit here */
		if (start + size <= 0x100000000ULL &&
		    fits(ranges, num, start, size, NULL, 0)) {
			*at = start;
			return 0;
		}
	}
	return -1;
}

static int place_kernel(const struct linux_image *img,
			const struct linux_range *ranges, unsigned int num,
			const __u64 (*busy)[2], __u64 *at)
{
	__u64 align = img->kernel_alignment, start;
	unsigned int n;

	if (fits(ranges, num, img->pref_address, img->init_size, busy, 1)) {
		*at = img->pref_address;
		return 0;
	}
	if (!img->relocatable)
		return -1;
	for (n = 0; n < num; n++) {
		if (ranges[n].type != E820_RAM)
			continue;
		for (start = align_up(ranges[n].start, align);
		     start + img->init_size <= ranges[n].start + ranges[n].size;
		     start += align)
			if (fits(ranges, num, start, img->init_size, busy, 1)) {
				*at = start;
				return 0;
			}
	}
	return -1;
}

/* As high as allowed: initrds go to the top as with other loaders. */
static int place_initrd(const struct linux_image *img,
			const struct linux_range *ranges, unsigned int num,
			__u64 size, const __u64 (*busy)[2], __u64 *at)
{
	__u64 limit = img->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G ?
			      ~0ULL :
			      (__u64)img->initrd_addr_max + 1;
	__u64 end, start;
	unsigned int n = num;

	while (n--) {
		if (ranges[n].type != E820_RAM || ranges[n].size < size)
			continue;
		end = ranges[n].start + ranges[n].size;
		if (end > limit)
			end = limit;
		if (end < ranges[n].start + size)
			continue;
		for (start = align_down(end - size, PAGE);
		     start >= ranges[n].start && start + size <= end;
		     start -= PAGE) {
			if (fits(ranges, num, start, size, busy, 2)) {
				*at = start;
				return 0;
			}
			if (start < PAGE)
				break;
		}
	}
	return -1;
}

int linux_layout_plan(const struct linux_image *img,
		      const struct linux_range *ranges, unsigned int num,
		      __u64 boot_data_min, size_t cmdline_len,
		      size_t initrd_size, struct linux_layout *out, char *why,
		      size_t why_len)
{
	__u64 boot_size =
		align_up(LINUX_ZERO_PAGE_SIZE + SD_SIZE + cmdline_len + 1,
			 PAGE);
	__u64 busy[2][2];

	memset(out, 0, sizeof(*out));
	if (cmdline_len > img->cmdline_size) {
		snprintf(why, why_len,
			 "the command line has %zu bytes; this kernel takes "
			 "at most %u",
			 cmdline_len, img->cmdline_size);
		return -1;
	}
	if (place_boot_data(ranges, num, boot_data_min, boot_size,
			    &out->zero_page))
		return refuse(why, why_len,
			      "the cell's RAM below 4 GiB has no room for the "
			      "zero page and the command line beside the "
			      "linux-loader");
	out->setup_data = out->zero_page + LINUX_ZERO_PAGE_SIZE;
	out->cmdline = out->setup_data + SD_SIZE;
	out->cmdline_len = cmdline_len;
	busy[0][0] = out->zero_page;
	busy[0][1] = boot_size;
	if (place_kernel(img, ranges, num, busy, &out->kernel)) {
		snprintf(why, why_len,
			 "the kernel needs %llu KiB (its init_size) at a "
			 "%u KiB-aligned address%s; the cell's RAM has no "
			 "such range",
			 ((unsigned long long)img->init_size + 1023) / 1024,
			 img->kernel_alignment / 1024,
			 img->relocatable ? "" :
					    " (it is not relocatable: at its "
					    "preferred address)");
		return -1;
	}
	busy[1][0] = out->kernel;
	busy[1][1] = img->init_size;
	out->initrd_size = initrd_size;
	if (initrd_size &&
	    place_initrd(img, ranges, num, initrd_size, busy, &out->initrd)) {
		snprintf(why, why_len,
			 "the initrd (%zu KiB) does not fit in the cell's RAM "
			 "beside the kernel%s",
			 (initrd_size + 1023) / 1024,
			 img->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G ?
				 "" :
				 " below the kernel's initrd_addr_max");
		return -1;
	}
	return 0;
}

static void build_e820(const struct linux_range *ranges, unsigned int num,
		       __u8 *page)
{
	unsigned int n, count = 0;
	size_t at;

	for (n = 0; n < num && count < BP_E820_MAX; n++, count++) {
		at = BP_E820_TABLE + count * 20;
		put64(page, at, ranges[n].start);
		put64(page, at + 8, ranges[n].size);
		put32(page, at + 16, ranges[n].type);
	}
	page[BP_E820_ENTRIES] = count;
}

void linux_zero_page_build(const struct linux_image *img,
			   const struct linux_layout *layout,
			   const struct linux_range *ranges, unsigned int num,
			   __u32 uart_flags, int standard_ioapic, __u8 *page,
			   __u8 *node)
{
	/* the header runs from 0x1f1 to the end the jump at 0x200 names */
	size_t hdr_end = HDR_JUMP + 2 + img->setup[HDR_JUMP + 1];

	memset(page, 0, LINUX_ZERO_PAGE_SIZE);
	memcpy(page + BP_HDR, img->setup + BP_HDR, hdr_end - BP_HDR);
	page[HDR_TYPE_OF_LOADER] = 0xff; /* a loader without an assigned ID */
	page[HDR_LOADFLAGS] |= 0x01;	 /* LOADED_HIGH */
	put32(page, HDR_CMD_LINE_PTR, layout->cmdline);
	put32(page, BP_EXT_CMD_LINE_PTR, layout->cmdline >> 32);
	put32(page, HDR_RAMDISK_IMAGE, layout->initrd);
	put32(page, BP_EXT_RAMDISK_IMAGE, layout->initrd >> 32);
	put32(page, HDR_RAMDISK_SIZE, layout->initrd_size);
	put32(page, BP_EXT_RAMDISK_SIZE, (__u64)layout->initrd_size >> 32);
	put64(page, HDR_SETUP_DATA, layout->setup_data);
	build_e820(ranges, num, page);

	memset(node, 0, SD_SIZE);
	put64(node, SD_NEXT, 0);
	put32(node, SD_TYPE, SETUP_JAILHOUSE);
	put32(node, SD_LEN, JH_SETUP_SIZE);
	put16(node, SD_JH, JH_SETUP_VERSION);
	put16(node, SD_JH + 2, JH_SETUP_COMPATIBLE);
	node[SD_JH_STD_IOAPIC] = standard_ioapic ? 1 : 0;
	put32(node, SD_JH_FLAGS, uart_flags);
}

int linux_boot_prepare(const void *bzimage, size_t bzimage_len,
		       size_t initrd_len, const char *cmdline,
		       const struct linux_range *ranges, unsigned int num,
		       __u64 boot_data_min, __u32 uart_flags,
		       int standard_ioapic, struct linux_boot *out, char *why,
		       size_t why_len)
{
	size_t cmdline_len = strlen(cmdline);

	memset(out, 0, sizeof(*out));
	if (linux_image_parse(bzimage, bzimage_len, &out->image, why, why_len))
		return -1;
	if (cmdline_len >= LINUX_BOOT_DATA_MAX - LINUX_ZERO_PAGE_SIZE - SD_SIZE)
		return refuse(why, why_len,
			      "the command line is longer than 4095 bytes");
	if (linux_layout_plan(&out->image, ranges, num, boot_data_min,
			      cmdline_len, initrd_len, &out->layout, why,
			      why_len))
		return -1;
	linux_zero_page_build(&out->image, &out->layout, ranges, num,
			      uart_flags, standard_ioapic, out->boot_data,
			      out->boot_data + LINUX_ZERO_PAGE_SIZE);
	memcpy(out->boot_data + LINUX_ZERO_PAGE_SIZE + SD_SIZE, cmdline,
	       cmdline_len + 1);
	out->boot_data_size = LINUX_ZERO_PAGE_SIZE + SD_SIZE + cmdline_len + 1;
	snprintf(out->params, sizeof(out->params),
		 "jh-params: zero_page=%llu kernel=%llu",
		 (unsigned long long)out->layout.zero_page,
		 (unsigned long long)out->layout.kernel);
	return 0;
}
