# SPDX-License-Identifier: GPL-2.0
#
# Builds the rig's initramfs (sourced by tests/rig/*).  The guest gets what
# a user's machine gets: the CLI, the hypervisor image, the cells, the
# inmates and the unit with its environment file unpacked from the Debian
# packages of this tree (tests/packaging/build-debs, rebuilt when the tree
# changed), and jailhouse.ko (with any other module of the DKMS source)
# from `dkms build` of the source jailhouse-dkms ships.  A packaging
# mistake (a file left out, a wrong path) thus fails a scenario.  Only
# what no package ships comes from the build tree: the attack and test
# inmates (inmates/x86/tests/*/, built by `make`) and tests/guest-bin.
#
# RIG_FROM_TREE=1 (developer fast path, no package build): everything
# from the build tree as `make` left it, the module from
# scripts/dkms-source.  Whatever of ours exists goes in; what is not built
# yet is left out with a note, and the scenario that needs it fails or
# skips by itself.
#
#   build_initramfs FLAVOUR MACHINE LISTFILE OUT WORKDIR
#     LISTFILE: lines "NAME TIMEOUT FILE" -- the scenarios to run, in order.
#     WORKDIR: private to this boot (module build, staging tree), so that
#     boots of different machines can be prepared at the same time.

# Copies FILE to STAGE keeping its absolute path.
stage_file() {
	local stage=$1 file=$2
	mkdir -p "$stage$(dirname "$file")"
	cp -L "$file" "$stage$file"
}

stage_busybox() {
	local stage=$1 applet
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,proc,sys,dev,tmp,root,etc,lib/firmware}
	cp /bin/busybox "$stage/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
	done
	# The kernel opens /dev/console before init runs; without the node,
	# init would start with no stdout.
	mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true
}

# Everything the module build reads -- dkms-source copies driver/,
# include/ and the shared code in common/ -- plus the kernel headers' path.
module_source_hash() {
	local flavour=$1
	{
		"$RIG_ROOT/scripts/kdir" "$flavour"
		cd "$RIG_ROOT" && find driver include common scripts/dkms-source -type f \
			\( -name '*.[chS]' -o -name Kbuild -o -name Makefile -o -name dkms-source \) \
			-print0 | sort -z | xargs -0 sha256sum
	} | sha256sum | cut -c1-16
}

# The Debian packages the guest's files come from.
RIG_DEBS=${RIG_DEBS:-$RIG_ROOT/build/packaging}

# Every file under DIR (paths and contents) and the kernel's headers: the
# identity of a module build.
module_source_hash() {
	local flavour=$1 dir=$2
	{
		"$RIG_ROOT/scripts/kdir" "$flavour"
		cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum
	} | sha256sum | cut -c1-16
}

# dkms_build_modules FLAVOUR SOURCETREE VERSION OUT: the modules as a
# user's machine gets them: `dkms build` of SOURCETREE/jailhouse-VERSION
# (what jailhouse-dkms installs in /usr/src) for FLAVOUR's kernel, in a
# DKMS tree of its own under OUT (signing key included: nothing goes to
# /var/lib/dkms).  Every module it built lands in OUT/modules/ (jailhouse.ko
# and whatever else dkms.conf names).
dkms_build_modules() {
	local flavour=$1 sourcetree=$2 version=$3 out=$4 kdir release ko name
	kdir=$("$RIG_ROOT/scripts/kdir" "$flavour") || return 1
	release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h")
	mkdir -p "$out/tree" "$out/install" "$out/keys" "$out/modules"
	mok_signing_key=$out/keys/mok.key mok_certificate=$out/keys/mok.pub \
		dkms build -m jailhouse -v "$version" -k "$release" --kernelsourcedir "$kdir" \
		--sourcetree "$sourcetree" --dkmstree "$out/tree" --installtree "$out/install" \
		--no-depmod || return 1
	for ko in "$out/tree/jailhouse/$version/$release/x86_64/module/"*.ko*; do
		[ -f "$ko" ] || continue
		name=$(basename "$ko")
		case "$name" in
		*.xz) xz -dc "$ko" >"$out/modules/${name%.xz}" ;;
		*.zst) zstd -qdc "$ko" >"$out/modules/${name%.zst}" ;;
		*) cp "$ko" "$out/modules/$name" ;;
		esac
	done
	[ -f "$out/modules/jailhouse.ko" ]
}

# build_modules_cached FLAVOUR SOURCETREE VERSION LOG: prints the directory
# of the built modules, reusing the build of identical sources (a kbuild
# run costs 15-20 s, and make check boots four machines).
build_modules_cached() {
	local flavour=$1 sourcetree=$2 version=$3 log=$4 hash cache
	hash=$(module_source_hash "$flavour" "$sourcetree/jailhouse-$version")
	cache=$RIG_BUILD/module-cache/$flavour-$hash
	if [ ! -f "$cache/modules/jailhouse.ko" ]; then
		rm -rf "$cache.tmp"
		dkms_build_modules "$flavour" "$sourcetree" "$version" "$cache.tmp" \
			>"$log" 2>&1 || return 1
		rm -rf "$cache"
		mv "$cache.tmp" "$cache" 2>/dev/null || true
		# Old builds are of no use once the sources moved on.
		find "$RIG_BUILD/module-cache" -mindepth 1 -maxdepth 1 -name "$flavour-*" \
			! -name "$flavour-$hash" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
	fi
	echo "$cache/modules"
}

# stage_modules STAGE FLAVOUR WORK SOURCETREE VERSION: every module of the
# DKMS source as /jailhouse/NAME.ko.
stage_modules() {
	local stage=$1 flavour=$2 work=$3 sourcetree=$4 version=$5 dir ko
	if ! dir=$(build_modules_cached "$flavour" "$sourcetree" "$version" "$work/module.log"); then
		rig_note "dkms build of jailhouse $version fails for $flavour (see $work/module.log): jailhouse.ko left out"
		return 0
	fi
	mkdir -p "$stage/jailhouse"
	for ko in "$dir"/*.ko; do
		# Debug info is 90% of a module; symbols stay for readable oopses.
		strip --strip-debug -o "$stage/jailhouse/$(basename "$ko")" "$ko"
	done
}

# The DKMS source of the build tree (RIG_FROM_TREE=1), as scripts/dkms-source
# writes it with the version the built CLI has (see tree_version), so that
# the version checks see one version.
stage_module_from_tree() {
	local stage=$1 flavour=$2 work=$3 version
	if [ ! -e "$RIG_ROOT/driver/Kbuild" ]; then
		rig_note "driver/Kbuild missing: jailhouse.ko left out"
		return 0
	fi
	version=$(tree_version)
	rm -rf "$work/dkms-src"
	if ! "$RIG_ROOT/scripts/dkms-source" "$work/dkms-src/jailhouse-$version" "$version" \
		>"$work/dkms-source.log" 2>&1; then
		rig_note "scripts/dkms-source failed (see $work/dkms-source.log): jailhouse.ko left out"
		return 0
	fi
	stage_modules "$stage" "$flavour" "$work" "$work/dkms-src" "$version"
}

# The version tools/jailhouse was built with (hypervisor-x86/ got the same
# from the same `make`): a commit after the last `make` changes what
# `git describe` says now, not what was built.  Without a CLI, the version
# `make` would give (the top Makefile's).
tree_version() {
	local cli=$RIG_ROOT/tools/jailhouse
	if [ -x "$cli" ]; then
		"$cli" --version | sed -n 's/^jailhouse //p'
	else
		make -s -C "$RIG_ROOT" --no-print-directory print-version 2>/dev/null || echo unknown
	fi
}

# vtd-harness.ko (tests/vtd-harness) for the VT-d harness PCs only: the
# hypervisor's VT-d code built into a module, cached like jailhouse.ko.
stage_vtd_harness() {
	local stage=$1 flavour=$2 machine=$3 work=$4 hash cache
	case "$machine" in qemu-vtd*) ;; *) return 0 ;; esac
	hash=$({
		"$RIG_ROOT/scripts/kdir" "$flavour"
		cd "$RIG_ROOT" && find tests/vtd-harness hypervisor-x86 include common -type f \
			\( -name '*.[ch]' -o -name Kbuild -o -name build \) -print0 |
			sort -z | xargs -0 sha256sum
	} | sha256sum | cut -c1-16)
	cache=$RIG_BUILD/module-cache/vtd-harness-$flavour-$hash
	if [ ! -f "$cache/vtd-harness.ko" ]; then
		rm -rf "$cache.tmp"
		if ! "$RIG_ROOT/tests/vtd-harness/build" "$flavour" "$cache.tmp" \
			>"$work/vtd-harness.log" 2>&1; then
			rig_note "vtd-harness.ko does not build for $flavour (see $work/vtd-harness.log): left out"
			return 0
		fi
		rm -rf "$cache"
		mv "$cache.tmp" "$cache" 2>/dev/null || true
	fi
	mkdir -p "$stage/jailhouse"
	strip --strip-debug -o "$stage/jailhouse/vtd-harness.ko" "$cache/vtd-harness.ko"
}

# msr.ko, cpuid.ko, e1000.ko and uio.ko of the booted kernel, loadable by
# modprobe and insmod.  e1000 drives the Bochs PC's NIC (lib/machine.sh),
# uio is what uio_ivshmem.ko needs; none of the four depends on another
# module.
stage_kernel_modules() {
	local stage=$1 kernel_dir=$2 release=$3 moddir=$1/lib/modules/$3/kernel
	mkdir -p "$moddir/arch/x86/kernel" "$moddir/drivers/net/ethernet/intel/e1000" \
		"$moddir/drivers/uio"
	cp "$kernel_dir"/extra-modules/{msr,cpuid}.ko "$moddir/arch/x86/kernel/"
	cp "$kernel_dir/extra-modules/e1000.ko" "$moddir/drivers/net/ethernet/intel/e1000/"
	cp "$kernel_dir/extra-modules/uio.ko" "$moddir/drivers/uio/"
	printf '%s:\n' kernel/arch/x86/kernel/msr.ko kernel/arch/x86/kernel/cpuid.ko \
		kernel/drivers/net/ethernet/intel/e1000/e1000.ko kernel/drivers/uio/uio.ko \
		>"$stage/lib/modules/$release/modules.dep"
}

# RIG_FROM_TREE=1: the CLI and its shared libraries.
stage_cli() {
	local stage=$1 cli=$RIG_ROOT/tools/jailhouse
	if [ ! -x "$cli" ]; then
		rig_note "tools/jailhouse not built: CLI left out"
		return 0
	fi
	mkdir -p "$stage/usr/sbin"
	strip -o "$stage/usr/sbin/jailhouse" "$cli"
	stage_libraries "$stage" "$cli"
}

# RIG_FROM_TREE=1: image, cells, every inmate and the unit from the tree.
stage_artifacts() {
	local stage=$1 f
	mkdir -p "$stage/jailhouse/cells" "$stage/jailhouse/inmates"
	if [ -f "$RIG_ROOT/hypervisor-x86/jailhouse-intel.bin" ]; then
		cp "$RIG_ROOT/hypervisor-x86/jailhouse-intel.bin" "$stage/lib/firmware/"
	else
		rig_note "hypervisor-x86/jailhouse-intel.bin not built: left out"
	fi
	for f in "$RIG_ROOT"/configs/x86/*.cell; do
		[ -f "$f" ] && cp "$f" "$stage/jailhouse/cells/"
	done
	while IFS= read -r f; do
		cp "$f" "$stage/jailhouse/inmates/"
	done < <(find "$RIG_ROOT/inmates/x86" -name '*.bin' -type f 2>/dev/null)
	# jailhouse.service where the package puts it (scenario service-unit)
	mkdir -p "$stage/usr/lib/systemd/system" "$stage/usr/libexec/jailhouse" "$stage/etc/default"
	cp "$RIG_ROOT/tools/systemd/jailhouse.service" "$stage/usr/lib/systemd/system/"
	cp "$RIG_ROOT/tools/systemd/jailhouse-service" "$stage/usr/libexec/jailhouse/"
	cp "$RIG_ROOT/tools/systemd/jailhouse.default" "$stage/etc/default/jailhouse"
}

# The shared libraries ldd lists for PROGRAM (inside STAGE), loader included,
# and those the CLI opens itself when it needs them (tools/pci-load.c:
# libpci.so.3 for the PCI scan of config create), with theirs.  The loader
# also in the library directory: the static CLI's dlopen looks for
# libc.so.6's ld-linux-x86-64.so.2 there, not in /lib64.
stage_libraries() {
	local stage=$1 program=$2 lib opened
	opened=$(ldconfig -p | sed -n 's/^\s*libpci\.so\.3 (libc6,x86-64) => //p' | head -1)
	for lib in $(ldd "$program" | grep -oE '/[^ ]+') \
		${opened:+$opened $(ldd "$opened" | grep -oE '/[^ ]+')}; do
		stage_file "$stage" "$lib"
		case $lib in
		*/ld-linux-*) stage_file "$stage" "/lib/x86_64-linux-gnu/${lib##*/}" ;;
		esac
	done
}

# The inmates no package ships: the attack and test inmates of the
# isolation scenarios, as /jailhouse/inmates/NAME.bin.
stage_test_inmates() {
	local stage=$1 f
	mkdir -p "$stage/jailhouse/inmates" "$RIG_ROOT/build"
	# built here too, so that a rig run on a fresh tree does not depend on
	# an earlier `make`; the lock keeps the two boots of make check, which
	# stage side by side, from building the same files at once
	flock "$RIG_ROOT/build/inmates.lock" make -s -C "$RIG_ROOT/inmates/x86" >/dev/null ||
		echo "rig: the inmates do not build (make -C inmates/x86)" >&2
	while IFS= read -r f; do
		cp "$f" "$stage/jailhouse/inmates/"
	done < <(find "$RIG_ROOT/inmates/x86/tests" -name '*.bin' -type f 2>/dev/null)
}

# stage_packages STAGE FLAVOUR WORK: the packages' files at the paths
# they install to, the modules from the packaged DKMS source;
# /jailhouse/cells and /jailhouse/inmates (the scenarios' paths) point
# into /usr/share/jailhouse/cells and /usr/lib/jailhouse/inmates.
# Returns 1 with a note when the packages cannot be built.
stage_packages() {
	local stage=$1 flavour=$2 work=$3 out version p f missing=""
	if ! out=$("$RIG_ROOT/tests/packaging/build-debs" --if-stale "$RIG_DEBS" 2>&1); then
		rig_note "$out"
		rig_note "the Debian packages of this tree do not build: the guest gets none of our files (RIG_FROM_TREE=1 boots the build tree instead)"
		return 1
	fi
	[ "$out" = "build-debs: the packages in $RIG_DEBS are of this tree" ] || rig_note "$out"
	version=$(dpkg-parsechangelog -l "$RIG_ROOT/debian/changelog" -S Version)
	rm -rf "$work/dkms-deb"
	for p in jailhouse_"$version"_amd64 jailhouse-firmware_"$version"_amd64 \
		jailhouse-cells_"$version"_amd64 jailhouse-dkms_"$version"_all; do
		f=$RIG_DEBS/$p.deb
		[ -f "$f" ] || { missing+=" $p.deb"; continue; }
		case "$p" in
		jailhouse-dkms_*) dpkg-deb -x "$f" "$work/dkms-deb" ;;
		*) dpkg-deb -x "$f" "$stage" ;;
		esac
	done
	[ -z "$missing" ] || rig_note "not built in $RIG_DEBS:$missing (left out)"
	# The documentation is of no use in the guest.
	rm -rf "$stage/usr/share/doc" "$stage/usr/share/man"
	if [ -d "$work/dkms-deb/usr/src/jailhouse-$version" ]; then
		stage_modules "$stage" "$flavour" "$work" "$work/dkms-deb/usr/src" "$version"
	fi
	[ -x "$stage/usr/sbin/jailhouse" ] && stage_libraries "$stage" "$stage/usr/sbin/jailhouse"
	mkdir -p "$stage/jailhouse/inmates"
	ln -s /usr/share/jailhouse/cells "$stage/jailhouse/cells"
	for f in "$stage"/usr/lib/jailhouse/inmates/*.bin; do
		[ -f "$f" ] && ln -s "/usr/lib/jailhouse/inmates/$(basename "$f")" "$stage/jailhouse/inmates/"
	done
	stage_test_inmates "$stage"
	echo "$version" >"$stage/jailhouse/from-packages"
	return 0
}

# tests/guest-bin/*.c: static test programs on the guest's PATH.
stage_guest_programs() {
	local stage=$1 src name out=$2/guest-bin
	mkdir -p "$out"
	for src in "$RIG_ROOT"/tests/guest-bin/*.c; do
		[ -f "$src" ] || continue
		name=$(basename "$src" .c)
		if ! gcc -static -O2 -Wall -Wextra -Werror -I"$RIG_ROOT/include" \
			-o "$out/$name" "$src" 2>"$out/$name.log"; then
			rig_note "tests/guest-bin/$name.c does not build (see $out/$name.log): left out"
			continue
		fi
		strip -o "$stage/usr/local/bin/$name" "$out/$name"
	done
}

# The Linux cell's guest kernel and initramfs (scripts/build-guest-kernel,
# scripts/build-guest-initramfs: ~/.cache/jailhouse-guest/<key>/) as
# /jailhouse/guest/bzImage and /jailhouse/guest/initrd, for the scenarios
# of LISTFILE that use them (only then: a few MB more to boot).  The rig
# never builds them (that takes 10-35 minutes): RIG_GUEST_KERNEL and
# RIG_GUEST_INITRD name them, else the scripts' --cached answer for this
# tree; when there is none, a note says so and the scenario SKIPs.
stage_guest_kernel() {
	local stage=$1 list=$2 cache=${RIG_GUEST_CACHE:-$HOME/.cache/jailhouse-guest}
	local kernel=${RIG_GUEST_KERNEL:-} initrd=${RIG_GUEST_INITRD:-} file wanted=0
	while read -r _ _ file; do
		grep -q '/jailhouse/guest' "$file" && wanted=1
	done <"$list"
	[ "$wanted" = 1 ] || return 0
	# the images of this tree's patches, config and drivers (the scripts'
	# cache keys), not merely the newest ones in the cache
	[ -n "$kernel" ] || kernel=$(GUEST_CACHE=$cache "$RIG_ROOT"/scripts/build-guest-kernel --cached 2>/dev/null | tail -n 1)
	[ -n "$initrd" ] || initrd=$(GUEST_CACHE=$cache "$RIG_ROOT"/scripts/build-guest-initramfs --cached 2>/dev/null | tail -n 1)
	if [ -z "$kernel" ] || [ ! -f "$kernel" ]; then
		rig_note "no guest kernel in $cache (scripts/build-guest-kernel builds it): /jailhouse/guest/bzImage left out"
		return 0
	fi
	mkdir -p "$stage/jailhouse/guest"
	cp "$kernel" "$stage/jailhouse/guest/bzImage"
	rig_note "guest kernel: $kernel"
	if [ -z "$initrd" ] || [ ! -f "$initrd" ]; then
		rig_note "no guest initramfs in $cache (scripts/build-guest-initramfs builds it): /jailhouse/guest/initrd left out"
		return 0
	fi
	cp "$initrd" "$stage/jailhouse/guest/initrd"
	rig_note "guest initramfs: $initrd"
}

stage_scenarios() {
	local stage=$1 machine=$2 list=$3 watchdog=60 name limit file
	mkdir -p "$stage/jailhouse/scenarios"
	: >"$stage/jailhouse/scenarios.list"
	while read -r name limit file; do
		cp "$file" "$stage/jailhouse/scenarios/$name.sh"
		echo "$name $((limit * 2))" >>"$stage/jailhouse/scenarios.list"
		watchdog=$((watchdog + limit * 2 + 10))
	done <"$list"
	cp "$RIG_DIR/guest/init" "$stage/init"
	cp "$RIG_DIR/guest/lib.sh" "$stage/jailhouse/lib.sh"
	# the demo scripts' stage protocol (tests/rig/demo)
	cp "$RIG_DIR/guest/demo-lib.sh" "$stage/jailhouse/demo-lib.sh"
	printf 'MACHINE=%s\nWATCHDOG=%s\n' "$machine" "$watchdog" >"$stage/jailhouse/rig.env"
}

build_initramfs() {
	local flavour=$1 machine=$2 list=$3 out=$4 work=$5 vmlinuz kernel_dir release stage
	vmlinuz=$("$RIG_DIR/fetch-kernel" "$flavour")
	kernel_dir=$(dirname "$(dirname "$vmlinuz")")
	release=$(basename "$kernel_dir")
	stage=$work/initramfs
	rm -rf "$stage"
	mkdir -p "$stage"
	stage_busybox "$stage"
	stage_kernel_modules "$stage" "$kernel_dir" "$release"
	if [ "${RIG_FROM_TREE:-0}" = 1 ]; then
		rig_note "RIG_FROM_TREE=1: the guest gets the build tree's files, not the packages'"
		stage_module_from_tree "$stage" "$flavour" "$work"
		stage_cli "$stage"
		stage_artifacts "$stage"
	else
		stage_packages "$stage" "$flavour" "$work" || true
	fi
	stage_vtd_harness "$stage" "$flavour" "$machine" "$work"
	stage_guest_programs "$stage" "$work"
	stage_guest_kernel "$stage" "$list"
	stage_scenarios "$stage" "$machine" "$list"
	# Uncompressed: the emulated CPU would spend longer inflating it than
	# the loader spends reading the extra bytes.
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out"
}
