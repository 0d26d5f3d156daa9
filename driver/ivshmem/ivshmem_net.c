// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem_net: an Ethernet device over an ivshmem v2 link of two peers
 * (root <-> Linux cell), in the protocol of include/jailhouse/ivshmem-net.h
 * (ivshmem protocol 0x4001; Documentation/ivshmem-net.md).  The ring math,
 * its checks of everything the peer publishes and the link state machine
 * live in that header, shared with inmates and host tests; this file is
 * the Linux glue: PCI, MSI-X vector 0, NAPI and the net_device.
 *
 * Concurrency: the state machine runs under RTNL (from open/stop and from
 * a work item the interrupt schedules when the peer's state changed).
 * Before it makes the rings fresh it stops both users of the indices: the
 * TX queue (netif_tx_disable) and NAPI.  Frames move only while the
 * carrier is on, which is while both ends are RUN.  A peer that publishes
 * an index out of range takes the link down: this end writes RESET and
 * starts over once the peer answered.
 */
#define pr_fmt(fmt) "ivshmem_net: " fmt

#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>

#include <jailhouse/ivshmem-net.h>

#include "ivshmem-layout.h"
#include "ivshmem-regs.h"

#define DRIVER_NAME "ivshmem_net"

struct ivnet {
	struct net_device *ndev;
	struct pci_dev *pdev;
	struct napi_struct napi;
	void __iomem *registers;
	const u32 *state_table; /* write-back mapping, read-only use */
	void *sections;		/* both output sections, write-back */
	u64 output_size;
	unsigned int id;
	unsigned int peer;
	struct ivshmem_net_end end;
	/* Under RTNL: this end's state as last written, NAPI enabled? */
	u32 state;
	bool napi_on;
	/* The peer's state as the interrupt handler saw it last. */
	u32 irq_peer_state;
	/* Set by the data path when the peer published an index out of range. */
	atomic_t peer_broken;
	struct work_struct state_work;
	bool irq_requested;
};

static void ring_doorbell(struct ivnet *in)
{
	writel(IVSHMEM_DOORBELL(in->peer, IVSHMEM_NET_VECTOR),
	       in->registers + IVSHMEM_REG_DOORBELL);
}

static u32 peer_state(struct ivnet *in)
{
	return READ_ONCE(in->state_table[in->peer]);
}

/* From NAPI or xmit: leave the reset to the state machine. */
static void peer_is_broken(struct ivnet *in)
{
	if (atomic_xchg(&in->peer_broken, 1) == 0)
		schedule_work(&in->state_work);
}

static void tx_wake_if_room(struct ivnet *in)
{
	struct net_device *ndev = in->ndev;
	u32 space;

	if (!netif_queue_stopped(ndev) || !netif_carrier_ok(ndev))
		return;
	if (ivshmem_net_tx_space(&in->end, &space))
		peer_is_broken(in);
	else if (space)
		netif_wake_queue(ndev);
}

static void receive_frame(struct ivnet *in,
			  const volatile struct ivshmem_net_slot *slot, u32 len)
{
	struct net_device *ndev = in->ndev;
	struct sk_buff *skb = napi_alloc_skb(&in->napi, len);

	if (!skb) {
		ndev->stats.rx_dropped++;
		return;
	}
	/* len was read once and checked; the peer may change the bytes
	 * meanwhile, which spoils only this frame. */
	memcpy(skb_put(skb, len), (const void *)slot->frame, len);
	skb->protocol = eth_type_trans(skb, ndev);
	ndev->stats.rx_packets++;
	ndev->stats.rx_bytes += len;
	napi_gro_receive(&in->napi, skb);
}

static int ivnet_poll(struct napi_struct *napi, int budget)
{
	struct ivnet *in = container_of(napi, struct ivnet, napi);
	const volatile struct ivshmem_net_slot *slot;
	int done = 0, freed = 0, err = 0;
	u32 len, pending;

	while (done < budget && netif_carrier_ok(in->ndev)) {
		err = ivshmem_net_rx_peek(&in->end, &slot, &len);
		if (err == IVSHMEM_NET_EMPTY || err == IVSHMEM_NET_BAD_INDEX)
			break;
		if (err == IVSHMEM_NET_BAD_LEN) {
			in->ndev->stats.rx_length_errors++;
			in->ndev->stats.rx_errors++;
		} else {
			receive_frame(in, slot, len);
			ivshmem_net_rx_consume(&in->end);
		}
		done++;
		freed++;
	}
	if (err == IVSHMEM_NET_BAD_INDEX)
		peer_is_broken(in);
	if (freed) {
		/* "ring space" for the peer */
		ivshmem_net_rx_publish(&in->end);
		ring_doorbell(in);
	}
	tx_wake_if_room(in);
	if (done < budget && napi_complete_done(napi, done)) {
		/* a frame published after the last peek, whose doorbell came
		 * while this poll still ran */
		if (netif_carrier_ok(in->ndev) &&
		    !ivshmem_net_rx_pending(&in->end, &pending) && pending)
			napi_schedule(napi);
	}
	return done;
}

/* Stops the TX queue if the ring is full; the peer's doorbell for the
 * space it frees restarts it (tx_wake_if_room from NAPI). */
static void tx_stop_if_full(struct ivnet *in)
{
	u32 space;

	if (ivshmem_net_tx_space(&in->end, &space) == 0 && space)
		return;
	netif_stop_queue(in->ndev);
	/* the peer may have freed slots before the queue was stopped */
	smp_mb();
	if (ivshmem_net_tx_space(&in->end, &space) == 0 && space)
		netif_start_queue(in->ndev);
}

static netdev_tx_t ivnet_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct ivnet *in = netdev_priv(ndev);
	volatile struct ivshmem_net_slot *slot;
	u32 len = skb->len;
	int err;

	if (!netif_carrier_ok(ndev)) {
		ndev->stats.tx_dropped++;
		goto consumed;
	}
	err = ivshmem_net_tx_slot(&in->end, len, &slot);
	if (err == IVSHMEM_NET_FULL) {
		netif_stop_queue(ndev);
		return NETDEV_TX_BUSY;
	}
	if (err) {
		if (err == IVSHMEM_NET_BAD_INDEX)
			peer_is_broken(in);
		ndev->stats.tx_errors++;
		goto consumed;
	}
	if (skb_copy_bits(skb, 0, (void *)slot->frame, len)) {
		ndev->stats.tx_errors++;
		goto consumed;
	}
	ivshmem_net_tx_commit(&in->end, len);
	ndev->stats.tx_packets++;
	ndev->stats.tx_bytes += len;
	tx_stop_if_full(in);
	/* "new frames" for the peer, once per batch of the stack */
	if (!netdev_xmit_more() || netif_queue_stopped(ndev))
		ring_doorbell(in);
consumed:
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

/* Under RTNL (or in probe, before anything else runs). */
static void write_state(struct ivnet *in, u32 state)
{
	in->state = state;
	writel(state, in->registers + IVSHMEM_REG_STATE);
}

/* Under RTNL: stop the users of the indices, make the rings fresh. */
static void reinit_rings(struct ivnet *in)
{
	void *own = in->sections + in->output_size * in->id;
	void *peer = in->sections + in->output_size * in->peer;

	netif_carrier_off(in->ndev);
	netif_tx_disable(in->ndev);
	if (in->napi_on)
		napi_disable(&in->napi);
	/* cannot fail: probe checked the size with ivshmem_net_slots() */
	ivshmem_net_init(&in->end, own, peer, in->output_size);
	if (in->napi_on)
		napi_enable(&in->napi);
}

static void set_carrier(struct ivnet *in, u32 peer)
{
	struct net_device *ndev = in->ndev;

	if (ivshmem_net_carrier(in->state, peer)) {
		if (netif_carrier_ok(ndev))
			return;
		netdev_info(ndev, "link up (peer %u running)\n", in->peer);
		netif_carrier_on(ndev);
		netif_wake_queue(ndev);
		/* frames the peer queued before this end ran */
		napi_schedule(&in->napi);
	} else if (netif_carrier_ok(ndev)) {
		netdev_info(ndev, "link down (state %u, peer %u in state %u)\n",
			    in->state, in->peer, peer);
		netif_carrier_off(ndev);
		netif_tx_disable(ndev);
	}
}

/* Under RTNL: steps the state machine until it stays. */
static void update_state(struct ivnet *in)
{
	u32 peer = peer_state(in), next;
	int n;

	if (atomic_xchg(&in->peer_broken, 0)) {
		netdev_err(in->ndev,
			   "peer %u published a ring index out of range: link reset\n",
			   in->peer);
		netif_carrier_off(in->ndev);
		netif_tx_disable(in->ndev);
		write_state(in, IVSHMEM_NET_STATE_RESET);
	}
	for (n = 0; n < 4; n++) {
		peer = peer_state(in);
		next = ivshmem_net_step(in->state, peer,
					ivshmem_net_peer_ok(&in->end),
					netif_running(in->ndev));
		if (next & IVSHMEM_NET_REINIT)
			reinit_rings(in);
		next &= IVSHMEM_NET_STATE_MASK;
		if (next == in->state)
			break;
		write_state(in, next);
	}
	set_carrier(in, peer);
}

static void state_work(struct work_struct *work)
{
	struct ivnet *in = container_of(work, struct ivnet, state_work);

	rtnl_lock();
	update_state(in);
	rtnl_unlock();
}

static irqreturn_t ivnet_interrupt(int irq, void *arg)
{
	struct ivnet *in = arg;
	u32 peer = peer_state(in);

	/* vector 0 is also the state-change signal */
	if (peer != in->irq_peer_state) {
		in->irq_peer_state = peer;
		schedule_work(&in->state_work);
	}
	napi_schedule(&in->napi);
	return IRQ_HANDLED;
}

static int ivnet_open(struct net_device *ndev)
{
	struct ivnet *in = netdev_priv(ndev);

	netif_carrier_off(ndev);
	napi_enable(&in->napi);
	in->napi_on = true;
	update_state(in);
	return 0;
}

static int ivnet_stop(struct net_device *ndev)
{
	struct ivnet *in = netdev_priv(ndev);

	/* not running any more: RUN -> READY, the carrier goes */
	update_state(in);
	netif_carrier_off(ndev);
	netif_tx_disable(ndev);
	napi_disable(&in->napi);
	in->napi_on = false;
	return 0;
}

static const struct net_device_ops ivnet_ops = {
	.ndo_open = ivnet_open,
	.ndo_stop = ivnet_stop,
	.ndo_start_xmit = ivnet_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/* The registers: this end's ID, a link of exactly two peers. */
static int map_registers(struct ivnet *in)
{
	struct pci_dev *pdev = in->pdev;
	unsigned int peers;
	int err;

	/* readl() below needs memory; an I/O BAR means no ivshmem device */
	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev,
			"BAR 0 is not a memory BAR: not an ivshmem v2 device\n");
		return -ENODEV;
	}
	err = pcim_enable_device(pdev);
	if (err)
		return err;
	err = pcim_iomap_regions(pdev, BIT(0) | BIT(1), DRIVER_NAME);
	if (err) {
		dev_err(&pdev->dev, "cannot claim BARs 0 and 1 (error %d)\n",
			err);
		return err;
	}
	in->registers = pcim_iomap_table(pdev)[0];
	in->id = readl(in->registers + IVSHMEM_REG_ID);
	peers = readl(in->registers + IVSHMEM_REG_MAX_PEERS);
	if (peers != IVSHMEM_NET_PEERS || in->id >= peers) {
		dev_err(&pdev->dev,
			"ID %u of %u peers: ivshmem-net links have exactly 2 peers\n",
			in->id, peers);
		return -EINVAL;
	}
	in->peer = 1 - in->id;
	return 0;
}

/*
 * The shared memory as the vendor-specific capability describes it: the
 * state table at the base address, the read/write section (unused here),
 * then the two output sections.  Memory behind a BAR (no base address in
 * the capability) is not offered by our hypervisor.
 */
static int map_memory(struct ivnet *in)
{
	struct pci_dev *pdev = in->pdev;
	struct ivshmem_layout l;
	u64 base, table_size, rw_size, sections;
	int cap = ivshmem_read_layout(pdev, &l);

	if (cap < 0)
		return cap;
	/* every doorbell must interrupt: no one-shot mode */
	pci_write_config_byte(pdev, cap + IVSHMEM_CAP_PRIV_CONTROL, 0);
	base = l.base;
	table_size = l.state_table_size;
	rw_size = l.rw_size;
	in->output_size = l.output_size;
	sections = base + table_size + rw_size;
	if (!PAGE_ALIGNED(base) || !PAGE_ALIGNED(table_size) ||
	    !PAGE_ALIGNED(rw_size) || !PAGE_ALIGNED(in->output_size) ||
	    table_size < IVSHMEM_NET_PEERS * sizeof(u32) || sections < base ||
	    sections + 2 * in->output_size < sections ||
	    !ivshmem_net_slots(in->output_size)) {
		dev_err(&pdev->dev,
			"shared memory at 0x%llx (state table 0x%llx, read/write 0x%llx, output 0x%llx x 2) is not page-aligned, or an output section holds less than a header and %u slots of %u bytes\n",
			base, table_size, rw_size, in->output_size,
			IVSHMEM_NET_MIN_SLOTS, IVSHMEM_NET_SLOT_SIZE);
		return -EINVAL;
	}
	in->state_table =
		devm_memremap(&pdev->dev, base, table_size, MEMREMAP_WB);
	if (IS_ERR(in->state_table)) {
		dev_err(&pdev->dev, "cannot map the state table at 0x%llx\n",
			base);
		return PTR_ERR(in->state_table);
	}
	in->sections = devm_memremap(&pdev->dev, sections, 2 * in->output_size,
				     MEMREMAP_WB);
	if (IS_ERR(in->sections)) {
		dev_err(&pdev->dev,
			"cannot map the output sections at 0x%llx\n", sections);
		return PTR_ERR(in->sections);
	}
	return 0;
}

static int setup_interrupt(struct ivnet *in)
{
	struct pci_dev *pdev = in->pdev;
	int err;

	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSIX);
	if (err < 0) {
		dev_err(&pdev->dev, "no MSI-X vector (error %d)\n", err);
		return err;
	}
	in->irq_peer_state = peer_state(in);
	err = request_irq(pci_irq_vector(pdev, 0), ivnet_interrupt, 0,
			  DRIVER_NAME, in);
	if (err) {
		dev_err(&pdev->dev,
			"cannot request the IRQ of vector 0 (error %d)\n", err);
		pci_free_irq_vectors(pdev);
		return err;
	}
	in->irq_requested = true;
	return 0;
}

static void free_interrupt(struct ivnet *in)
{
	writel(0, in->registers + IVSHMEM_REG_INT_CONTROL);
	if (in->irq_requested)
		free_irq(pci_irq_vector(in->pdev, 0), in);
	in->irq_requested = false;
	pci_free_irq_vectors(in->pdev);
}

/* A stable address: locally administered, from the link's slot and the
 * end's ID, so that both ends differ and stay the same across reloads. */
static void set_address(struct ivnet *in)
{
	u8 addr[ETH_ALEN] = { 0x02, 0x4a, 0x48 };

	addr[3] = in->pdev->bus->number;
	addr[4] = in->pdev->devfn;
	addr[5] = in->id;
	eth_hw_addr_set(in->ndev, addr);
}

static int ivnet_probe(struct pci_dev *pdev, const struct pci_device_id *ids)
{
	struct net_device *ndev;
	struct ivnet *in;
	int err;

	ndev = alloc_etherdev(sizeof(*in));
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, &pdev->dev);
	in = netdev_priv(ndev);
	in->ndev = ndev;
	in->pdev = pdev;
	INIT_WORK(&in->state_work, state_work);
	pci_set_drvdata(pdev, in);
	err = map_registers(in);
	if (!err)
		err = map_memory(in);
	if (err)
		goto free_netdev;
	/* RESET until the peer is at INIT or below (ivshmem_net_step) */
	write_state(in, IVSHMEM_NET_STATE_RESET);
	ivshmem_net_init(&in->end, in->sections + in->output_size * in->id,
			 in->sections + in->output_size * in->peer,
			 in->output_size);
	ndev->netdev_ops = &ivnet_ops;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = IVSHMEM_NET_MTU;
	ndev->mtu = IVSHMEM_NET_MTU;
	set_address(in);
	netif_napi_add(ndev, &in->napi, ivnet_poll);
	netif_carrier_off(ndev);
	pci_set_master(pdev);
	err = setup_interrupt(in);
	if (err)
		goto free_netdev;
	err = register_netdev(ndev);
	if (err)
		goto free_interrupt;
	writel(IVSHMEM_INT_ENABLE, in->registers + IVSHMEM_REG_INT_CONTROL);
	schedule_work(&in->state_work);
	netdev_info(ndev,
		    "ivshmem-net peer %u of 2 on %s, %u slots of %u bytes each way, MTU %u\n",
		    in->id, pci_name(pdev), in->end.slots,
		    IVSHMEM_NET_SLOT_SIZE, IVSHMEM_NET_MTU);
	return 0;

free_interrupt:
	free_interrupt(in);
	cancel_work_sync(&in->state_work);
free_netdev:
	free_netdev(ndev);
	return err;
}

static void ivnet_remove(struct pci_dev *pdev)
{
	struct ivnet *in = pci_get_drvdata(pdev);

	/* no interrupt schedules NAPI or the state work any more; once the
	 * interface is gone, neither do xmit and NAPI */
	free_interrupt(in);
	unregister_netdev(in->ndev);
	cancel_work_sync(&in->state_work);
	/* the peer sees this end go and starts over (ivshmem_net_step) */
	writel(IVSHMEM_NET_STATE_RESET, in->registers + IVSHMEM_REG_STATE);
	free_netdev(in->ndev);
}

/* Only links of this protocol: uio_ivshmem takes the others. */
static const struct pci_device_id ivnet_ids[] = {
	{ PCI_DEVICE(IVSHMEM_VENDOR_ID, IVSHMEM_DEVICE_ID),
	  .class = IVSHMEM_CLASS << 16 | IVSHMEM_NET_PROTOCOL,
	  .class_mask = 0xffffff },
	{ 0 },
};
MODULE_DEVICE_TABLE(pci, ivnet_ids);

static struct pci_driver ivnet_driver = {
	.name = DRIVER_NAME,
	.id_table = ivnet_ids,
	.probe = ivnet_probe,
	.remove = ivnet_remove,
};
module_pci_driver(ivnet_driver);

MODULE_DESCRIPTION("Ethernet over ivshmem v2 links (protocol 0x4001)");
MODULE_LICENSE("GPL");
