// Pacticipant routes: list, create, read, replace, patch (creates when missing) and delete.

import { route } from '../route.js';
import { newPacticipantBody, pacticipantBody } from './bodies.js';
import {
  createPacticipant,
  listPacticipants,
  patchPacticipant,
  removePacticipant,
  replacePacticipant,
  showPacticipant,
} from './handlers.js';

export const pacticipantRoutes = [
  route('GET', '/pacticipants', listPacticipants, 'read'),
  route('POST', '/pacticipants', createPacticipant, 'write', newPacticipantBody),
  route('GET', '/pacticipants/:pacticipant', showPacticipant, 'read'),
  route('PUT', '/pacticipants/:pacticipant', replacePacticipant, 'write', pacticipantBody),
  route('PATCH', '/pacticipants/:pacticipant', patchPacticipant, 'write', pacticipantBody),
  route('DELETE', '/pacticipants/:pacticipant', removePacticipant, 'write'),
];
