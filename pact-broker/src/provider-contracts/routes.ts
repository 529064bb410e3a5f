// Provider-contract routes (bi-directional contract testing): the pactflow CLI's publish relation, PactFlow's
// per-version resources under /contracts/bi-directional, lists by provider, and the pages.

import { route } from '../route.js';
import { publishProviderContractBody } from './bodies.js';
import {
  listComparisons,
  listConsumerContracts,
  listConsumerContractVerifications,
  listProviderContracts,
  publishContract,
  showContract,
  showContractPage,
  showLatestBranchContract,
  showLatestContract,
  showLatestMainBranchContract,
  showPair,
  showPairConsumerContract,
  showPairConsumerVerifications,
  showPairContract,
  showPairPage,
  showPairSelfVerification,
  showProviderContractsPage,
  showSelfVerification,
} from './handlers.js';

const version = '/contracts/bi-directional/provider/:provider/version/:version';
const pair = `${version}/consumer/:consumer/version/:consumerVersion`;

export const providerContractRoutes = [
  route(
    'POST',
    '/provider-contracts/provider/:provider/publish',
    publishContract,
    'write',
    publishProviderContractBody,
  ),
  route('GET', '/provider-contracts/provider/:provider', listProviderContracts, 'read'),
  route('GET', '/provider-contracts/provider/:provider/latest', showLatestContract, 'read'),
  route(
    'GET',
    '/provider-contracts/provider/:provider/branch/:branch/latest',
    showLatestBranchContract,
    'read',
  ),
  route(
    'GET',
    '/provider-contracts/provider/:provider/main-branch/latest',
    showLatestMainBranchContract,
    'read',
  ),
  route('GET', `${version}/provider-contract`, showContract, 'read'),
  route('GET', `${version}/provider-contract-verification-results`, showSelfVerification, 'read'),
  route('GET', `${version}/consumer-contract`, listConsumerContracts, 'read'),
  route(
    'GET',
    `${version}/consumer-contract-verification-results`,
    listConsumerContractVerifications,
    'read',
  ),
  route('GET', `${version}/cross-contract-verification-results`, listComparisons, 'read'),
  route('GET', `${pair}/provider-contract`, showPairContract, 'read'),
  route('GET', `${pair}/provider-contract-verification-results`, showPairSelfVerification, 'read'),
  route('GET', `${pair}/consumer-contract`, showPairConsumerContract, 'read'),
  route('GET', `${pair}/consumer-contract-verification-results`, showPairConsumerVerifications, 'read'),
  route('GET', `${pair}/cross-contract-verification-results`, showPair, 'read'),
  route('GET', '/ui/provider-contracts/provider/:provider', showProviderContractsPage, 'read'),
  route('GET', '/ui/provider-contracts/provider/:provider/version/:version', showContractPage, 'read'),
  route(
    'GET',
    '/ui/cross-contract/provider/:provider/version/:version/consumer/:consumer/version/:consumerVersion',
    showPairPage,
    'read',
  ),
];
