# SPDX-License-Identifier: GPL-2.0
#
# Builds the rig's initramfs from the current tree (sourced by tests/rig/*).
# Whatever of ours exists goes in; what is not built yet is left out with a
# note, and the scenario that needs it fails or skips by itself.
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

# jailhouse.ko as a user's machine gets it: `dkms build` of the DKMS
# source jailhouse-dkms ships (scripts/dkms-source; tests/packaging/run
# checks that the package holds exactly that), in a DKMS tree of its own
# under OUT (signing key included: nothing goes to /var/lib/dkms).
dkms_build_module() {
	local flavour=$1 out=$2 kdir release ko name
	kdir=$("$RIG_ROOT/scripts/kdir" "$flavour") || return 1
	release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h")
	mkdir -p "$out/src" "$out/tree" "$out/install" "$out/keys"
	"$RIG_ROOT/scripts/dkms-source" "$out/src/jailhouse-rig" rig || return 1
	mok_signing_key=$out/keys/mok.key mok_certificate=$out/keys/mok.pub \
		dkms build -m jailhouse -v rig -k "$release" --kernelsourcedir "$kdir" \
		--sourcetree "$out/src" --dkmstree "$out/tree" --installtree "$out/install" \
		--no-depmod || return 1
	for name in jailhouse uio_ivshmem; do
		ko=$(ls "$out/tree/jailhouse/rig/$release/x86_64/module/$name.ko"* | head -n 1)
		case "$ko" in
		*.xz) xz -dc "$ko" >"$out/$name.ko" ;;
		*.zst) zstd -qdc "$ko" >"$out/$name.ko" ;;
		*) cp "$ko" "$out/$name.ko" ;;
		esac
	done
}

# Builds jailhouse.ko for FLAVOUR, or reuses the build of identical sources
# (a kbuild run costs 15-20 s, and make check boots four machines).
build_module_cached() {
	local flavour=$1 log=$2 hash cache
	hash=$(module_source_hash "$flavour")
	cache=$RIG_BUILD/module-cache/$flavour-$hash
	if [ ! -f "$cache/jailhouse.ko" ]; then
		rm -rf "$cache.tmp"
		dkms_build_module "$flavour" "$cache.tmp" >"$log" 2>&1 || return 1
		rm -rf "$cache"
		mv "$cache.tmp" "$cache" 2>/dev/null || true
		# Old builds are of no use once the sources moved on.
		find "$RIG_BUILD/module-cache" -mindepth 1 -maxdepth 1 -name "$flavour-*" \
			! -name "$flavour-$hash" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
	fi
	echo "$cache/jailhouse.ko"
}

stage_module() {
	local stage=$1 flavour=$2 work=$3 ko
	if [ ! -e "$RIG_ROOT/driver/Kbuild" ]; then
		rig_note "driver/Kbuild missing: jailhouse.ko left out"
		return 0
	fi
	if ! ko=$(build_module_cached "$flavour" "$work/module.log"); then
		rig_note "jailhouse.ko does not build for $flavour (see $work/module.log): left out"
		return 0
	fi
	mkdir -p "$stage/jailhouse"
	# Debug info is 90% of the module; symbols stay for readable oopses.
	strip --strip-debug -o "$stage/jailhouse/jailhouse.ko" "$ko"
	# uio_ivshmem.ko comes from the same DKMS build (it needs uio.ko).
	strip --strip-debug -o "$stage/jailhouse/uio_ivshmem.ko" "$(dirname "$ko")/uio_ivshmem.ko"
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

# The CLI and every shared library ldd lists for it, loader included.
stage_cli() {
	local stage=$1 cli=$RIG_ROOT/tools/jailhouse lib
	if [ ! -x "$cli" ]; then
		rig_note "tools/jailhouse not built: CLI left out"
		return 0
	fi
	mkdir -p "$stage/usr/sbin"
	strip -o "$stage/usr/sbin/jailhouse" "$cli"
	for lib in $(ldd "$cli" | grep -oE '/[^ ]+'); do
		stage_file "$stage" "$lib"
	done
}

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
	stage_module "$stage" "$flavour" "$work"
	stage_vtd_harness "$stage" "$flavour" "$machine" "$work"
	stage_cli "$stage"
	stage_artifacts "$stage"
	stage_guest_programs "$stage" "$work"
	stage_scenarios "$stage" "$machine" "$list"
	# Uncompressed: the emulated CPU would spend longer inflating it than
	# the loader spends reading the extra bytes.
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out"
}
