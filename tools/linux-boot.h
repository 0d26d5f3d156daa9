/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `jailhouse cell linux` puts into a cell, decided without touching
 * the machine: the bzImage's setup header read and checked (x86 boot
 * protocol, Documentation/x86/boot.rst of Linux), where the kernel, the
 * initrd, the zero page, the command line and the Jailhouse setup_data go
 * in the cell's RAM, and the zero page itself.  tools/cell-linux.c does
 * the file reading and the driver calls.
 */
#ifndef _JAILHOUSE_TOOLS_LINUX_BOOT_H
#define _JAILHOUSE_TOOLS_LINUX_BOOT_H

#include <stddef.h>

#include <jailhouse/types.h>

/* The oldest boot protocol with the 64-bit entry and xloadflags. */
#define LINUX_BOOT_MIN_VERSION 0x020c
#define LINUX_ZERO_PAGE_SIZE 4096

/* Zero-page (struct boot_params) offsets used here. */
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE 0x0c4
#define BP_EXT_CMD_LINE_PTR 0x0c8
#define BP_E820_ENTRIES 0x1e8
#define BP_HDR 0x1f1 /* the setup header, as in the image */
#define BP_E820_TABLE 0x2d0
#define BP_E820_MAX 128

/* Setup header offsets (the same in the image and in the zero page). */
#define HDR_SETUP_SECTS 0x1f1
#define HDR_BOOT_FLAG 0x1fe
#define HDR_JUMP 0x200
#define HDR_MAGIC 0x202
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGNMENT 0x230
#define HDR_RELOCATABLE 0x234
#define HDR_XLOADFLAGS 0x236
#define HDR_CMDLINE_SIZE 0x238
#define HDR_SETUP_DATA 0x250
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE 0x260

#define XLF_KERNEL_64 0x0001
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x0002

/* setup_data node type that CONFIG_JAILHOUSE_GUEST reads. */
#define SETUP_JAILHOUSE 6
/* struct jailhouse_setup_data: header, v1 (276 bytes), v2 (flags). */
#define JH_SETUP_VERSION 2
#define JH_SETUP_COMPATIBLE 1
#define JH_SETUP_SIZE (4 + 276 + 4)
#define JH_SETUP_MAX_APIC_ID 254

/* Offsets inside the setup_data node (16-byte node header first). */
#define SD_NEXT 0
#define SD_TYPE 8
#define SD_LEN 12
#define SD_JH 16
#define SD_JH_PM_TIMER (SD_JH + 4)
#define SD_JH_NUM_CPUS (SD_JH + 6)
#define SD_JH_MMCONFIG (SD_JH + 8)
#define SD_JH_TSC_KHZ (SD_JH + 16)
#define SD_JH_APIC_KHZ (SD_JH + 20)
#define SD_JH_STD_IOAPIC (SD_JH + 24)
#define SD_JH_CPU_IDS (SD_JH + 25)
#define SD_JH_FLAGS (SD_JH + 4 + 276)
#define SD_SIZE (SD_JH + JH_SETUP_SIZE)

/* v2 flags: which legacy UART the guest may probe (0x3f8, 0x2f8, 0x3e8,
 * 0x2e8 in this order; the others stay unprobed). */
#define JH_SETUP_UART(n) (1u << (n))

struct linux_image {
	const __u8 *setup;  /* the boot sector and real-mode setup */
	size_t setup_size;  /* (setup_sects + 1) * 512 */
	const __u8 *kernel; /* the protected-mode part, loaded at .kernel */
	size_t kernel_size;
	__u16 version;
	__u16 xloadflags;
	__u8 relocatable;
	__u32 kernel_alignment, init_size, cmdline_size, initrd_addr_max;
	__u64 pref_address;
};

/* A range of the cell's guest-physical memory, as e820 will say. */
struct linux_range {
	__u64 start, size;
	__u32 type; /* E820_RAM or E820_RESERVED */
};
#define E820_RAM 1
#define E820_RESERVED 2

/* Where each piece goes (guest-physical addresses). */
struct linux_layout {
	__u64 zero_page; /* boot_params; the setup_data node follows it */
	__u64 setup_data;
	__u64 cmdline;
	__u64 kernel; /* kernel.init_size bytes from here are the kernel's */
	__u64 initrd;
	size_t cmdline_len, initrd_size;
};

/* Status 0, or -1 with a sentence in @why ("... is not a bzImage: ..."). */
int linux_image_parse(const void *buf, size_t len, struct linux_image *img,
		      char *why, size_t why_len);

/*
 * Places the boot data (zero page, setup_data, command line) at or above
 * @boot_data_min in the first RAM range that takes it, the kernel at its
 * preferred address or the lowest aligned address that fits, and the
 * initrd as high as it may go.  Nothing overlaps; every piece lies in
 * RAM.  Status 0, or -1 with a sentence naming what does not fit.
 */
int linux_layout_plan(const struct linux_image *img,
		      const struct linux_range *ranges, unsigned int num,
		      __u64 boot_data_min, size_t cmdline_len,
		      size_t initrd_size, struct linux_layout *out, char *why,
		      size_t why_len);

/*
 * Fills @page (LINUX_ZERO_PAGE_SIZE bytes, at layout->zero_page in the
 * cell) and @node (SD_SIZE bytes, at layout->setup_data): the image's
 * setup header, our loader type, the command line and initrd pointers,
 * the e820 map of @ranges, and the Jailhouse setup_data with the UART
 * flags and the standard IOAPIC bit; the CPU fields are the loader's (it
 * copies them from the comm region at start).
 */
void linux_zero_page_build(const struct linux_image *img,
			   const struct linux_layout *layout,
			   const struct linux_range *ranges, unsigned int num,
			   __u32 uart_flags, int standard_ioapic, __u8 *page,
			   __u8 *node);

/* The pieces that go into the cell, with their guest-physical addresses. */
#define LINUX_BOOT_DATA_MAX (LINUX_ZERO_PAGE_SIZE + SD_SIZE + 4096)
struct linux_boot {
	struct linux_image image;
	struct linux_layout layout;
	/* zero page, setup_data node, command line: at layout.zero_page */
	__u8 boot_data[LINUX_BOOT_DATA_MAX];
	size_t boot_data_size;
	/* for the linux-loader at INMATE_PARAMS (inmates/x86/linux-loader) */
	char params[128];
};

/*
 * Everything above in one step: parses @bzimage, places the pieces,
 * builds the boot data and the loader's parameter string.  Status 0, or
 * -1 with a sentence in @why.
 */
int linux_boot_prepare(const void *bzimage, size_t bzimage_len,
		       size_t initrd_len, const char *cmdline,
		       const struct linux_range *ranges, unsigned int num,
		       __u64 boot_data_min, __u32 uart_flags,
		       int standard_ioapic, struct linux_boot *out, char *why,
		       size_t why_len);

#endif
