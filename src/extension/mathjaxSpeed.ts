/**
 * Two of MathJax's internals replaced by versions that behave the same and cost less, applied once
 * before the hover's MathJax document is made (texSvg.ts). Together they take about 40% off a
 * hover image (measured on the hover's own TeX: ~3.3 → ~2.0 ms a line); the unit tests typeset a
 * few hundred TeX lines with and without them and require the same SVG, byte for byte.
 *
 * - Attributes (every MathML node has one): MathJax builds four objects per node, each the
 *   prototype of the next, and copies the node kind's defaults into one of them; making a fresh
 *   object a prototype is slow in V8, and this was a third of the TeX parse. Here the defaults
 *   object (the kind's defaults over the global ones) is made once per node kind and shared — no
 *   MathJax code writes to it — the inherited values sit on an object whose prototype is that shared
 *   one, and the explicit attributes are a plain object looked up first. Every method answers as
 *   MathJax's does, and getAllAttributes() still returns an object with the explicit attributes as
 *   its own properties (which is all its callers read or delete).
 * - The node factories create nodes with `new Class(factory, ...args)` instead of MathJax's
 *   `new (Class.bind.apply(Class, [undefined, factory, ...args]))()`, a bound function per node.
 */
// The CommonJS exports objects themselves: an `import * as` namespace is a copy in the bundle, and
// MathJax's nodes read `Attributes` from the exports object each time they make one.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import AttributesModule = require('mathjax-full/js/core/MmlTree/Attributes.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
import FactoryModule = require('mathjax-full/js/core/Tree/Factory.js');
import type { PropertyList, Property } from 'mathjax-full/js/core/Tree/Node.js';

const { INHERIT } = AttributesModule;
const hasOwn = (o: object, name: string): boolean => Object.prototype.hasOwnProperty.call(o, name);

/** The defaults object of each node kind (its defaults over the global ones), made once. */
const sharedDefaults = new WeakMap<PropertyList, WeakMap<PropertyList, PropertyList>>();

function defaultsOf(defaults: PropertyList, global: PropertyList): PropertyList {
  let byGlobal = sharedDefaults.get(defaults);
  if (!byGlobal) sharedDefaults.set(defaults, (byGlobal = new WeakMap()));
  let shared = byGlobal.get(global);
  if (!shared) {
    shared = Object.assign(Object.create(global) as PropertyList, defaults);
    byGlobal.set(global, shared);
  }
  return shared;
}

/** The same API and answers as MathJax's Attributes (mathjax-full/js/core/MmlTree/Attributes.js). */
export class SharedDefaultsAttributes {
  protected attributes: PropertyList = {};
  protected inherited: PropertyList;
  protected defaults: PropertyList;

  constructor(defaults: PropertyList, protected global: PropertyList) {
    this.defaults = defaultsOf(defaults, global);
    this.inherited = Object.create(this.defaults) as PropertyList;
  }

  set(name: string, value: Property): void { this.attributes[name] = value; }
  setList(list: PropertyList): void { Object.assign(this.attributes, list); }
  get(name: string): Property {
    const value = hasOwn(this.attributes, name) ? this.attributes[name] : this.inherited[name];
    return value === INHERIT ? this.global[name] : value;
  }
  getExplicit(name: string): Property { return (hasOwn(this.attributes, name) ? this.attributes[name] : undefined) as Property; }
  getList(...names: string[]): PropertyList {
    const values: PropertyList = {};
    for (const name of names) values[name] = this.get(name);
    return values;
  }
  setInherited(name: string, value: Property): void { this.inherited[name] = value; }
  getInherited(name: string): Property { return this.inherited[name]; }
  getDefault(name: string): Property { return this.defaults[name]; }
  isSet(name: string): boolean { return hasOwn(this.attributes, name) || hasOwn(this.inherited, name); }
  hasDefault(name: string): boolean { return name in this.defaults; }
  getExplicitNames(): string[] { return Object.keys(this.attributes); }
  getInheritedNames(): string[] { return Object.keys(this.inherited); }
  getDefaultNames(): string[] { return Object.keys(this.defaults); }
  getGlobalNames(): string[] { return Object.keys(this.global); }
  getAllAttributes(): PropertyList { return this.attributes; }
  getAllInherited(): PropertyList { return this.inherited; }
  getAllDefaults(): PropertyList { return this.defaults; }
  getAllGlobals(): PropertyList { return this.global; }
}

type NodeClass = new (factory: unknown, ...args: unknown[]) => unknown;
interface FactoryInternals {
  nodeMap: Map<string, NodeClass>;
  node: Record<string, (...args: unknown[]) => unknown>;
  defaultKind: string;
}

const factoryProto = FactoryModule.AbstractFactory.prototype as unknown as FactoryInternals & {
  setNodeClass(kind: string, nodeClass: NodeClass): void;
  create(kind: string, ...args: unknown[]): unknown;
};
const attributesExports = AttributesModule as unknown as { Attributes: unknown };
const original = {
  Attributes: attributesExports.Attributes,
  setNodeClass: factoryProto.setNodeClass,
  create: factoryProto.create,
};

/**
 * Switches the replacements on (the default for the hover) or off (MathJax as published: for the
 * tests that compare the two). Applies to MathJax documents made afterwards.
 */
export function useFasterMathJax(on: boolean): void {
  attributesExports.Attributes = on ? SharedDefaultsAttributes : original.Attributes;
  factoryProto.setNodeClass = on
    ? function (this: FactoryInternals, kind: string, nodeClass: NodeClass): void {
      this.nodeMap.set(kind, nodeClass);
      this.node[kind] = (...args: unknown[]) => new nodeClass(this, ...args);
    }
    : original.setNodeClass;
  factoryProto.create = on
    ? function (this: FactoryInternals, kind: string, ...args: unknown[]): unknown {
      return (this.node[kind] || this.node[this.defaultKind])(...args);
    }
    : original.create;
}
