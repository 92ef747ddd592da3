/**
 * Fake controllers, just enough for both readiness models (T7): Deployment →
 * ReplicaSet (controller ownerRef, template + pod-template-hash) → Pods,
 * StatefulSet, DaemonSet, Job (Complete / Failed), standalone Pods, Service
 * LoadBalancer ingress, PVC Bound, CRD registration + Established. Each runs
 * `delayMs` after a change, so "in progress, then ready" really happens.
 */
import type { Api } from './api.js';
import { PROGRESS_DEADLINE, type Faults } from './faults.js';
import type { Registry, ResourceType } from './registry.js';
import type { Store } from './store.js';
import { canonical, clone, deepEqual, nowRfc3339, randomSuffix, shortHash, type Obj } from './util.js';

/** The fake controller manager. */
export class Controllers {
  private timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private api: Api,
    private store: Store,
    private registry: Registry,
    private faults: Faults,
    public delayMs: number,
  ) {
    store.onChange((rt, type, obj) => this.onChange(rt, type, obj));
  }

  private t(group: string, resource: string): ResourceType {
    return this.registry.anyVersion(group, resource)!;
  }

  private onChange(rt: ResourceType, type: string, obj: Obj): void {
    if (rt.kind === 'CustomResourceDefinition' && rt.group === 'apiextensions.k8s.io' && type !== 'DELETED') this.registry.registerCrd(obj);
    if (type === 'DELETED') {
      // A deleted pod or RS may leave its owner short.
      for (const ref of (obj.metadata?.ownerReferences as Obj[] | undefined) ?? []) this.enqueueOwner(obj.metadata.namespace, ref);
      // A terminating namespace may now be empty.
      if (rt.namespaced) this.enqueue('Namespace', '', obj.metadata.namespace);
      return;
    }
    this.enqueue(rt.kind, obj.metadata.namespace ?? '', obj.metadata.name);
    if (rt.kind === 'ReplicaSet' || rt.kind === 'Pod') {
      for (const ref of (obj.metadata?.ownerReferences as Obj[] | undefined) ?? []) this.enqueueOwner(obj.metadata.namespace, ref);
    }
  }

  private enqueueOwner(ns: string, ref: Obj): void {
    if (ref.controller) this.enqueue(String(ref.kind), ns ?? '', String(ref.name));
  }

  /** Schedule a reconcile (deduplicated per object). */
  enqueue(kind: string, ns: string, name: string): void {
    if (this.stopped) return;
    const key = `${kind}/${ns}/${name}`;
    if (this.timers.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      try {
        this.reconcile(kind, ns, name);
      } catch (e) {
        // A controller error must never take the server down; it shows in the dump.
        process.stderr.write(`emulator controller ${key}: ${(e as Error).stack}\n`);
      }
    }, this.delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Cancel pending work (stop/reset). */
  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Resume after a reset. */
  start(): void {
    this.stopped = false;
  }

  private reconcile(kind: string, ns: string, name: string): void {
    switch (kind) {
      case 'Deployment':
        return this.deployment(ns, name);
      case 'ReplicaSet':
        return this.replicaSet(ns, name);
      case 'StatefulSet':
        return this.statefulSet(ns, name);
      case 'DaemonSet':
        return this.daemonSet(ns, name);
      case 'Job':
        return this.job(ns, name);
      case 'Pod':
        return this.pod(ns, name);
      case 'Service':
        return this.service(ns, name);
      case 'PersistentVolumeClaim':
        return this.pvc(ns, name);
      case 'CustomResourceDefinition':
        return this.crd(name);
      case 'Namespace':
        return this.namespace(name);
    }
  }

  private get(group: string, resource: string, ns: string, name: string): Obj | undefined {
    const s = this.store.get(this.t(group, resource), ns, name);
    return s ? clone(s.obj) : undefined;
  }

  private ownedBy(group: string, resource: string, ns: string, uid: string): Obj[] {
    return this.store
      .list(this.t(group, resource), ns)
      .map((s) => s.obj)
      .filter((o) => ((o.metadata.ownerReferences as Obj[] | undefined) ?? []).some((r) => r.uid === uid && r.controller));
  }

  private writeStatus(group: string, resource: string, obj: Obj, status: Obj): void {
    if (deepEqual(obj.status ?? {}, status)) return;
    this.api.internalWrite(this.t(group, resource), { ...obj, status });
  }

  /** Keep a condition's timestamps while its status and reason stay the same. */
  private cond(old: Obj[] | undefined, c: Obj, withUpdate = false): Obj {
    const prev = (old ?? []).find((o) => o.type === c.type);
    const now = nowRfc3339();
    const same = prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message;
    const out: Obj = { ...c, lastTransitionTime: same ? prev.lastTransitionTime : now };
    if (withUpdate) out.lastUpdateTime = same ? (prev.lastUpdateTime ?? now) : now;
    return out;
  }

  private ownerRef(kind: string, o: Obj): Obj {
    return { apiVersion: 'apps/v1', kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
  }

  private deployment(ns: string, name: string): void {
    const dep = this.get('apps', 'deployments', ns, name);
    if (!dep) return;
    const tpl = dep.spec.template ?? {};
    const hash = shortHash(canonical(tpl), 10);
    const rsName = `${name}-${hash}`;
    const want = Number(dep.spec.replicas ?? 1);
    const owned = this.ownedBy('apps', 'replicasets', ns, dep.metadata.uid);
    const rsType = this.t('apps', 'replicasets');
    let revision = 0;
    for (const rs of owned) revision = Math.max(revision, Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0));
    for (const rs of owned) {
      if (rs.metadata.name !== rsName && rs.spec.replicas !== 0) this.api.internalWrite(rsType, { ...rs, spec: { ...rs.spec, replicas: 0 } });
    }
    let current = owned.find((r) => r.metadata.name === rsName);
    const labels = { ...(tpl.metadata?.labels ?? {}), 'pod-template-hash': hash };
    if (!current) {
      const annotations = { ...(dep.metadata.annotations ?? {}), 'deployment.kubernetes.io/desired-replicas': String(want), 'deployment.kubernetes.io/max-replicas': String(want + 1), 'deployment.kubernetes.io/revision': String(revision + 1) };
      delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
      delete annotations['meta.helm.sh/release-name'];
      delete annotations['meta.helm.sh/release-namespace'];
      current = this.api.internalWrite(rsType, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: rsName, namespace: ns, labels, annotations, ownerReferences: [this.ownerRef('Deployment', dep)] },
        spec: {
          replicas: want,
          selector: { ...(dep.spec.selector ?? {}), matchLabels: { ...(dep.spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { ...clone(tpl), metadata: { ...(tpl.metadata ?? {}), labels } },
        },
      });
    } else if (current.spec.replicas !== want) {
      current = this.api.internalWrite(rsType, { ...current, spec: { ...current.spec, replicas: want } });
    }
    const all = this.ownedBy('apps', 'replicasets', ns, dep.metadata.uid);
    const sum = (f: string): number => all.reduce((n, r) => n + Number(r.status?.[f] ?? 0), 0);
    const newRs = all.find((r) => r.metadata.name === rsName);
    const rsSynced = newRs && newRs.status?.observedGeneration === newRs.metadata.generation && (newRs.status?.replicas ?? 0) === want;
    const replicas = sum('replicas');
    const ready = sum('readyReplicas');
    const available = sum('availableReplicas');
    const updated = Number(newRs?.status?.replicas ?? 0);
    const maxUnavailable = this.maxUnavailable(dep, want);
    const complete = rsSynced && updated === want && available === want && replicas === want;
    const old = dep.status?.conditions as Obj[] | undefined;
    const availableCond = available >= want - maxUnavailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
    let progressing: Obj = complete
      ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }
      : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
    if (!complete && dep.metadata.annotations?.[PROGRESS_DEADLINE] === 'true' && rsSynced) {
      progressing = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` };
    }
    const status: Obj = { observedGeneration: dep.metadata.generation, replicas, updatedReplicas: updated, conditions: [this.cond(old, availableCond, true), this.cond(old, progressing, true)] };
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    if (replicas - available > 0) status.unavailableReplicas = replicas - available;
    if (!rsSynced) status.observedGeneration = dep.status?.observedGeneration ?? dep.metadata.generation - 1;
    if (status.observedGeneration <= 0) delete status.observedGeneration;
    this.writeStatus('apps', 'deployments', dep, status);
  }

  private maxUnavailable(dep: Obj, want: number): number {
    const mu = dep.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
    if (dep.spec.strategy?.type === 'Recreate') return 0;
    return typeof mu === 'string' && mu.endsWith('%') ? Math.floor((want * parseInt(mu, 10)) / 100) : Number(mu);
  }

  /** Create/delete pods toward `want`; returns the pods now owned. */
  private syncPods(owner: Obj, ownerKind: string, want: number, names: (i: number) => string, ready: boolean): Obj[] {
    const ns = owner.metadata.namespace;
    const podType = this.t('', 'pods');
    let pods = this.ownedBy('', 'pods', ns, owner.metadata.uid);
    for (const p of pods.slice(want)) this.store.remove(podType, ns, p.metadata.name);
    pods = pods.slice(0, want);
    const tpl = owner.spec.template ?? {};
    for (let i = pods.length; i < want; i++) {
      pods.push(
        this.api.internalWrite(podType, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: names(i), namespace: ns, labels: { ...(tpl.metadata?.labels ?? {}) }, annotations: tpl.metadata?.annotations, ownerReferences: [this.ownerRef(ownerKind, owner)] },
          spec: { ...clone(tpl.spec ?? {}), nodeName: 'emulator-node' },
          status: this.podStatus(tpl.spec ?? {}, ready),
        }),
      );
    }
    return pods;
  }

  private podStatus(spec: Obj, ready: boolean): Obj {
    const now = nowRfc3339();
    const r = ready ? 'True' : 'False';
    return {
      phase: ready ? 'Running' : 'Pending',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: r, lastTransitionTime: now },
        { type: 'Ready', status: r, lastTransitionTime: now },
      ],
      hostIP: '172.18.0.2',
      podIP: `10.244.0.${Math.floor(Math.random() * 250) + 2}`,
      startTime: now,
      containerStatuses: ((spec.containers as Obj[] | undefined) ?? []).map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready,
        restartCount: 0,
        started: ready,
        state: ready ? { running: { startedAt: now } } : { waiting: { reason: 'ContainerCreating' } },
      })),
    };
  }

  private replicaSet(ns: string, name: string): void {
    const rs = this.get('apps', 'replicasets', ns, name);
    if (!rs) return;
    const ownerRef = ((rs.metadata.ownerReferences as Obj[] | undefined) ?? []).find((r) => r.controller && r.kind === 'Deployment');
    const owner = ownerRef ? this.get('apps', 'deployments', ns, String(ownerRef.name)) : undefined;
    const ready = !this.faults.neverReady(rs, owner);
    const pods = this.syncPods(rs, 'ReplicaSet', Number(rs.spec.replicas ?? 1), () => `${name}-${randomSuffix()}`, ready);
    const readyCount = pods.filter((p) => p.status?.phase === 'Running').length;
    const status: Obj = { replicas: pods.length, observedGeneration: rs.metadata.generation };
    if (pods.length) status.fullyLabeledReplicas = pods.length;
    if (readyCount) {
      status.readyReplicas = readyCount;
      status.availableReplicas = readyCount;
    }
    this.writeStatus('apps', 'replicasets', rs, status);
  }

  private statefulSet(ns: string, name: string): void {
    const sts = this.get('apps', 'statefulsets', ns, name);
    if (!sts) return;
    const want = Number(sts.spec.replicas ?? 1);
    const ready = !this.faults.neverReady(sts);
    const pods = this.syncPods(sts, 'StatefulSet', want, (i) => `${name}-${i}`, ready);
    const n = ready ? pods.length : 0;
    const rev = `${name}-${shortHash(canonical(sts.spec.template ?? {}), 10)}`;
    const status: Obj = { observedGeneration: sts.metadata.generation, replicas: pods.length, currentRevision: rev, updateRevision: rev, collisionCount: 0 };
    if (n) Object.assign(status, { readyReplicas: n, currentReplicas: n, updatedReplicas: n, availableReplicas: n });
    else status.availableReplicas = 0;
    this.writeStatus('apps', 'statefulsets', sts, status);
  }

  private daemonSet(ns: string, name: string): void {
    const ds = this.get('apps', 'daemonsets', ns, name);
    if (!ds) return;
    const ready = !this.faults.neverReady(ds);
    const pods = this.syncPods(ds, 'DaemonSet', 1, () => `${name}-${randomSuffix()}`, ready);
    const n = ready ? pods.length : 0;
    const status: Obj = { currentNumberScheduled: 1, desiredNumberScheduled: 1, numberMisscheduled: 0, numberReady: n, observedGeneration: ds.metadata.generation, updatedNumberScheduled: 1 };
    if (n) status.numberAvailable = n;
    else status.numberUnavailable = 1;
    this.writeStatus('apps', 'daemonsets', ds, status);
  }

  private job(ns: string, name: string): void {
    const job = this.get('batch', 'jobs', ns, name);
    if (!job) return;
    const st = job.status ?? {};
    if (((st.conditions as Obj[] | undefined) ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) return;
    const now = nowRfc3339();
    if (!st.startTime) {
      this.writeStatus('batch', 'jobs', job, { startTime: now, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
      return;
    }
    const base = { startTime: st.startTime, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
    if (this.faults.jobFails(job)) {
      const c = { status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      this.writeStatus('batch', 'jobs', job, { ...base, failed: 1, conditions: [{ type: 'FailureTarget', ...c }, { type: 'Failed', ...c }] });
    } else {
      const c = { status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
      this.writeStatus('batch', 'jobs', job, { ...base, completionTime: now, succeeded: Number(job.spec.completions ?? 1), conditions: [{ type: 'SuccessCriteriaMet', ...c }, { type: 'Complete', ...c }] });
    }
  }

  /**
   * Standalone pods: Running and Ready; a pod that runs to completion
   * (restartPolicy Never/OnFailure, e.g. a `helm test` hook) then Succeeded,
   * or Failed with the fail annotation / `exit 1`.
   */
  private pod(ns: string, name: string): void {
    const pod = this.get('', 'pods', ns, name);
    if (!pod || (pod.metadata.ownerReferences ?? []).length) return;
    const phase = pod.status?.phase;
    if (!phase) {
      this.writeStatus('', 'pods', pod, this.podStatus(pod.spec ?? {}, !this.faults.neverReady(pod)));
      return;
    }
    const runsToCompletion = pod.spec?.restartPolicy === 'Never' || pod.spec?.restartPolicy === 'OnFailure';
    if (phase !== 'Running' || !runsToCompletion) return;
    const failed = this.faults.jobFails({ metadata: pod.metadata, spec: { template: { metadata: pod.metadata, spec: pod.spec } } });
    const now = nowRfc3339();
    const exitCode = failed ? 1 : 0;
    const reason = failed ? 'Error' : 'Completed';
    const status: Obj = {
      ...pod.status,
      phase: failed ? 'Failed' : 'Succeeded',
      conditions: ((pod.status.conditions as Obj[] | undefined) ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', reason: 'PodCompleted', lastTransitionTime: now } : c)),
      containerStatuses: ((pod.status.containerStatuses as Obj[] | undefined) ?? []).map((c) => ({ ...c, ready: false, started: false, state: { terminated: { exitCode, reason, startedAt: now, finishedAt: now } } })),
    };
    this.writeStatus('', 'pods', pod, status);
  }

  private service(ns: string, name: string): void {
    const svc = this.get('', 'services', ns, name);
    if (!svc || svc.spec?.type !== 'LoadBalancer' || svc.status?.loadBalancer?.ingress) return;
    this.writeStatus('', 'services', svc, { loadBalancer: { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] } });
  }

  private pvc(ns: string, name: string): void {
    const pvc = this.get('', 'persistentvolumeclaims', ns, name);
    if (!pvc || pvc.status?.phase === 'Bound') return;
    const storage = pvc.spec?.resources?.requests?.storage ?? '1Gi';
    this.api.internalWrite(this.t('', 'persistentvolumeclaims'), { ...pvc, spec: { ...pvc.spec, volumeName: `pvc-${pvc.metadata.uid}` }, status: { phase: 'Bound', accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'], capacity: { storage } } });
  }

  /** Every namespace gets the root CA ConfigMap and the default ServiceAccount, as on a real cluster. */
  private namespace(name: string): void {
    const ns = this.get('', 'namespaces', '', name);
    if (!ns) return;
    if (ns.metadata.deletionTimestamp) {
      this.api.finishNamespace(name);
      return;
    }
    if (!this.get('', 'configmaps', name, 'kube-root-ca.crt')) {
      this.api.internalWrite(this.t('', 'configmaps'), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: name, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nZW11bGF0b3I=\n-----END CERTIFICATE-----\n' },
      });
    }
    if (!this.get('', 'serviceaccounts', name, 'default')) {
      this.api.internalWrite(this.t('', 'serviceaccounts'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    }
  }

  private crd(name: string): void {
    const crd = this.get('apiextensions.k8s.io', 'customresourcedefinitions', '', name);
    if (!crd) return;
    const old = crd.status?.conditions as Obj[] | undefined;
    const names = crd.spec?.names ?? {};
    const status: Obj = {
      conditions: [
        this.cond(old, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }),
        this.cond(old, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }),
      ],
      acceptedNames: { kind: names.kind, listKind: names.listKind ?? `${names.kind}List`, plural: names.plural, singular: names.singular ?? String(names.kind).toLowerCase(), ...(names.shortNames ? { shortNames: names.shortNames } : {}), ...(names.categories ? { categories: names.categories } : {}) },
      storedVersions: ((crd.spec?.versions as Obj[] | undefined) ?? []).filter((v) => v.storage).map((v) => v.name),
    };
    this.writeStatus('apiextensions.k8s.io', 'customresourcedefinitions', crd, status);
  }
}
